/**
 * What activate() returns: a small API for other extensions and for the integration tests, which
 * read the tree through it exactly as the view does.
 */
import type * as vscode from 'vscode';
import { handleFunctionUri } from './links/uriHandler';
import type { LinkOutcome } from '../core/links/functionLink';
import { postToConfigPanel } from './commands/openConfiguration';
import { logTailSnapshot } from './logs/logTails';
import type { TreeItemSpec, TreeNode } from './tree/treeItemSpec';
import type { Workbench } from './workbench';

export interface TreeRow extends TreeItemSpec {
  /** The model node, to pass back to getTreeChildren or to a command as its argument. */
  node: TreeNode;
}

export interface LambdaWorkbenchApi {
  /** Children of a node (the root when omitted), as the view would show them. */
  getTreeChildren(node?: TreeNode): Promise<TreeRow[]>;
  /** The text of a read-only result document ("/invoke/…"), if one was shown. */
  getResultDocument(path: string): string | undefined;
  /** A running Tail Logs session's mode and the lines it wrote lately to its output channel. */
  getLogTail(fn: { region: string; name: string }): { mode: string; lines: string[] } | undefined;
  /**
   * Hands a URI to the extension's registered URI handler, as VS Code does for
   * `vscode://<publisher>.lambda-workbench/function?…` (tests cannot open such a link from outside).
   */
  handleUri(uri: vscode.Uri): Promise<LinkOutcome | undefined>;
  /** Hands a message to a function's open configuration panel, as its page would post it (false: none open). */
  postToConfigPanel(fn: { region: string; name: string }, message: unknown): Promise<boolean>;
  /** The last error a command reported to the user. */
  readonly lastError: unknown;
  /** How long activate() itself took (ms), and when the bundle finished loading (performance.now()). */
  readonly timings: ActivationTimings;
}

export interface ActivationTimings {
  moduleLoadedAt: number;
  activateMs: number;
}

export function createApi(wb: Workbench, timings: ActivationTimings): LambdaWorkbenchApi {
  return {
    timings,
    async getTreeChildren(node?: TreeNode): Promise<TreeRow[]> {
      const children = await wb.tree.getChildren(node);
      return children.map((child) => ({ ...child.getTreeItem(), node: child }));
    },
    getResultDocument: (path) => wb.results.get(path),
    getLogTail: (fn) => logTailSnapshot(fn),
    handleUri: (uri) => handleFunctionUri(wb, uri),
    postToConfigPanel,
    get lastError() {
      return wb.lastError;
    },
  };
}
