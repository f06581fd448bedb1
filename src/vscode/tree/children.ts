/**
 * The one helper every parent node uses to turn "what I loaded" into children: the items, an empty
 * node, or a clickable error node. Pure.
 */
import { NodeContext } from '../ids';
import { shortReason, userMessage } from '../errorText';
import { escapeMarkdown, type TreeItemSpec, type TreeNode } from './treeItemSpec';

/** A leaf that only shows a line of text: "No functions", "Could not list functions: …". */
export class MessageNode implements TreeNode {
  constructor(
    readonly parent: TreeNode | undefined,
    readonly id: string,
    private readonly spec: Omit<TreeItemSpec, 'id' | 'collapsible'>,
  ) {}
  getTreeItem(): TreeItemSpec {
    return { ...this.spec, id: this.id, collapsible: 'none' };
  }
  async getChildren(): Promise<TreeNode[]> {
    return [];
  }
}

export interface Loaded {
  items: TreeNode[];
  /** The last load failed; shown after whatever items did load. */
  error?: unknown;
}

export interface PlaceholderOptions {
  /** Shown when there is nothing and no error. */
  emptyLabel: string;
  /** "Could not list functions" → "Could not list functions: REASON". */
  errorPrefix: string;
  /** The command a click on the error node runs (with the parent as its argument). */
  retryCommand: string;
}

export function childrenOrPlaceholder(parent: TreeNode, loaded: Loaded, options: PlaceholderOptions): TreeNode[] {
  if (loaded.error !== undefined) {
    return [...loaded.items, errorNode(parent, loaded.error, options)];
  }
  if (loaded.items.length > 0) return loaded.items;
  return [
    new MessageNode(parent, `${parent.id}/empty`, {
      label: options.emptyLabel,
      icon: { id: 'info' },
      contextValue: NodeContext.empty,
    }),
  ];
}

export function errorNode(parent: TreeNode, error: unknown, options: Pick<PlaceholderOptions, 'errorPrefix' | 'retryCommand'>): MessageNode {
  const reason = shortReason(error);
  return new MessageNode(parent, `${parent.id}/error`, {
    label: `${options.errorPrefix}: ${reason}`,
    tooltip: `${escapeMarkdown(userMessage(error))}\n\nClick to retry.`,
    icon: { id: 'error', color: 'list.errorForeground' },
    contextValue: NodeContext.error,
    command: { command: options.retryCommand, title: 'Retry', arguments: [parent] },
  });
}

