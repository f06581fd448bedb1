/** The one TreeDataProvider of the functions view: it only delegates to the model's nodes. */
import vscode = require('vscode');
import type { TreeItemSpec, TreeNode } from './treeItemSpec';
import type { FunctionsModel } from './functionsModel';

const COLLAPSIBLE: Record<TreeItemSpec['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(spec: TreeItemSpec): vscode.TreeItem {
  const item = new vscode.TreeItem(spec.label, COLLAPSIBLE[spec.collapsible]);
  item.id = spec.id;
  if (spec.description !== undefined) item.description = spec.description;
  if (spec.tooltip !== undefined) {
    // Untrusted by default: links in service-provided text cannot run commands.
    item.tooltip = new vscode.MarkdownString(spec.tooltip);
  }
  if (spec.icon) item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
  if (spec.contextValue) item.contextValue = spec.contextValue;
  if (spec.command) item.command = spec.command;
  item.accessibilityInformation = { label: spec.description ? `${spec.label}, ${spec.description}` : spec.label };
  return item;
}

export class FunctionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private model: FunctionsModel | undefined;

  setModel(model: FunctionsModel): void {
    this.model = model;
  }

  /** The model's `changed` callback. */
  fire(node: TreeNode | undefined): void {
    this.emitter.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node.getTreeItem());
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    return this.model ? this.model.getChildren() : Promise.resolve([]);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
