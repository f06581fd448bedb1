/**
 * What a tree node looks like, as plain data. The models produce these and the provider turns them
 * into vscode.TreeItem, so the models stay pure and unit-testable without a VS Code host.
 */
export interface TreeItemSpec {
  /** Unique across the whole tree and stable across refreshes (keeps expansion and selection). */
  id: string;
  label: string;
  description?: string;
  /** Markdown (already escaped); shown as a MarkdownString. */
  tooltip?: string;
  icon?: { id: string; color?: string };
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; arguments?: unknown[] };
}

export interface TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): TreeItemSpec;
  getChildren(): Promise<TreeNode[]>;
}

/**
 * Escapes text from the service (descriptions can hold anything) for a Markdown tooltip: inline
 * markup and HTML everywhere, list and heading markers only where they would start a block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()|~!]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.');
}
