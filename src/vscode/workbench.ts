/**
 * Everything the commands share, built once in activate(): cheap objects only (no network, no file
 * reads). The tree model gets its dependencies injected here.
 */
import vscode = require('vscode');
import { ConnectionManager } from './connection';
import { BuildProblems } from './deploy/buildProblems';
import { ContextKey, VIEW_ID } from './ids';
import { LocalInvokeController } from './invoke/localInvokeController';
import { ResultDocuments } from './resultDocuments';
import { ServeController } from './serve/serveController';
import { settings } from './settings';
import { FunctionsModel, type CredentialStatus } from './tree/functionsModel';
import { FunctionsTreeProvider } from './tree/functionsTreeProvider';
import type { TreeNode } from './tree/treeItemSpec';

export interface Workbench {
  readonly extension: vscode.ExtensionContext;
  readonly connection: ConnectionManager;
  readonly model: FunctionsModel;
  readonly tree: FunctionsTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  readonly results: ResultDocuments;
  readonly local: LocalInvokeController;
  readonly serve: ServeController;
  /** esbuild's messages from failed builds, in the Problems panel ("Lambda Build"). */
  readonly buildProblems: BuildProblems;
  /** The last error a command reported (integration tests assert on it). */
  lastError: unknown;
  readonly credentialStatus: CredentialStatus | undefined;
  setContext(key: string, value: unknown): void;
}

export function createWorkbench(extension: vscode.ExtensionContext): Workbench {
  const connection = new ConnectionManager();
  const tree = new FunctionsTreeProvider();
  const contextValues = new Map<string, unknown>();
  const setContext = (key: string, value: unknown) => {
    if (contextValues.get(key) === value) return;
    contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const status: { current: CredentialStatus | undefined } = { current: undefined };
  const model = new FunctionsModel({
    getService: () => connection.service(),
    connection: () => connection.current(),
    regions: () => connection.regions(),
    checkCredentials: () => connection.checkCredentials(),
    pageSize: () => settings.pageSize(),
    regionName: (r) => connection.regionName(r),
    changed: (node) => tree.fire(node),
    credentialStatusChanged: (next) => {
      status.current = next;
      setContext(ContextKey.noCredentials, next.status === 'none');
      setContext(ContextKey.ssoExpired, next.status === 'ssoExpired');
    },
  });
  tree.setModel(model);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const results = new ResultDocuments();
  const buildProblems = new BuildProblems();
  const local = new LocalInvokeController(connection, results, setContext, { passCredentials: () => settings.passCredentials(), isolation: () => settings.invokeIsolation(), asDeployed: () => settings.invokeAsDeployed(), trackBuild: (folder, work) => buildProblems.track(folder, work) });
  const wb: Workbench = {
    extension,
    connection,
    tree,
    model,
    view,
    results,
    local,
    serve: new ServeController(connection, setContext, { passCredentials: () => settings.passCredentials(), port: () => settings.servePort(), resolve: (target) => local.resolve(target) }),
    buildProblems,
    lastError: undefined,
    get credentialStatus() {
      return status.current;
    },
    setContext,
  };
  extension.subscriptions.push(connection, tree, view, results, wb.local, wb.serve, wb.buildProblems, { dispose: () => model.dispose() });
  return wb;
}
