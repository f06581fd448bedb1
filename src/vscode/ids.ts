/**
 * Every identifier the extension shares with package.json: command ids, the view id, context keys
 * and setting keys. Pure (no `vscode` import) so unit tests can check the manifest against it.
 */
export const VIEW_ID = 'lambdaWorkbench.functions';
export const CONTAINER_ID = 'lambdaWorkbench';

export const Cmd = {
  // The functions view
  refresh: 'lambdaWorkbench.functions.refresh',
  refreshRegion: 'lambdaWorkbench.region.refresh',
  loadMore: 'lambdaWorkbench.region.loadMore',
  chooseRegions: 'lambdaWorkbench.regions.choose',
  filter: 'lambdaWorkbench.functions.filter',
  clearFilter: 'lambdaWorkbench.functions.clearFilter',
  goToFunction: 'lambdaWorkbench.function.goTo',
  // Connection
  selectProfile: 'lambdaWorkbench.connection.selectProfile',
  useLocalEndpoint: 'lambdaWorkbench.connection.useLocalEndpoint',
  ssoLogin: 'lambdaWorkbench.connection.ssoLogin',
  showLog: 'lambdaWorkbench.log.show',
  // Function actions
  openConfiguration: 'lambdaWorkbench.function.openConfiguration',
  invoke: 'lambdaWorkbench.function.invoke',
  invokeLocallyWithConfig: 'lambdaWorkbench.function.invokeLocally',
  deployToFunction: 'lambdaWorkbench.function.deployFolder',
  copyArn: 'lambdaWorkbench.function.copyArn',
  copyName: 'lambdaWorkbench.function.copyName',
  copyLink: 'lambdaWorkbench.function.copyLink',
  openInConsole: 'lambdaWorkbench.function.openInConsole',
  deleteFunction: 'lambdaWorkbench.function.delete',
  // Deploy
  deployFolder: 'lambdaWorkbench.folder.deploy',
  previewPackage: 'lambdaWorkbench.folder.previewPackage',
  // Local invoke
  invokeLocally: 'lambdaWorkbench.handler.invokeLocally',
  rerunLocal: 'lambdaWorkbench.handler.rerunLastInvoke',
  invokeCold: 'lambdaWorkbench.handler.invokeCold',
  stopLocal: 'lambdaWorkbench.handler.stopInvoke',
  downloadCode: 'lambdaWorkbench.function.downloadCode',
  // Logs
  tailLogs: 'lambdaWorkbench.function.tailLogs',
  tailLogsWithOptions: 'lambdaWorkbench.function.tailLogsWithOptions',
  stopTailingLogs: 'lambdaWorkbench.logs.stopTailing',
  // Saved events
  invokeEventFile: 'lambdaWorkbench.event.invoke',
  // Serve Locally
  serveHandler: 'lambdaWorkbench.handler.serveLocally',
  serveFunction: 'lambdaWorkbench.function.serveLocally',
  serveStop: 'lambdaWorkbench.serve.stop',
  serveOpen: 'lambdaWorkbench.serve.openInBrowser',
  serveMenu: 'lambdaWorkbench.serve.menu',
  // Live loop
  syncOnSave: 'lambdaWorkbench.folder.syncOnSave',
  stopSync: 'lambdaWorkbench.sync.stop',
  watchLocal: 'lambdaWorkbench.handler.watchInvoke',
  stopWatch: 'lambdaWorkbench.watch.stop',
  // Debug Locally
  debugLocally: 'lambdaWorkbench.handler.debugLocally',
  debugLocallyWithConfig: 'lambdaWorkbench.function.debugLocally',
  debugEventFile: 'lambdaWorkbench.event.debug',
  debugInvokeAgain: 'lambdaWorkbench.debug.invokeAgain',
} as const;

export type CommandId = (typeof Cmd)[keyof typeof Cmd];

export const ContextKey = {
  /** The cheap credential check found nothing usable: the welcome view shows. */
  noCredentials: 'lambdaWorkbench.noCredentials',
  /** The profile's SSO session has expired: the SSO welcome view shows. */
  ssoExpired: 'lambdaWorkbench.ssoExpired',
  filterActive: 'lambdaWorkbench.filterActive',
  localInvokeRunning: 'lambdaWorkbench.localInvokeRunning',
  hasLastLocalInvoke: 'lambdaWorkbench.hasLastLocalInvoke',
  /** At least one Tail Logs session is running. */
  tailingLogs: 'lambdaWorkbench.tailingLogs',
  /** A Serve Locally server is running. */
  serving: 'lambdaWorkbench.serving',
  syncActive: 'lambdaWorkbench.syncActive',
  watchActive: 'lambdaWorkbench.watchActive',
  /** A Debug Locally session is attached to a live environment. */
  debugLocalActive: 'lambdaWorkbench.debugLocalActive',
} as const;

/** Setting keys below the `lambdaWorkbench` section. */
export const Setting = {
  section: 'lambdaWorkbench',
  profile: 'profile',
  regions: 'regions',
  endpoint: 'endpoint',
  pageSize: 'functions.pageSize',
  codeLensEnabled: 'codeLens.enabled',
  invokeTimeout: 'invoke.defaultTimeout',
  invokePassCredentials: 'invoke.passCredentials',
  servePort: 'serve.port',
  invokeIsolation: 'invoke.isolation',
  invokeAsDeployed: 'invoke.asDeployed',
  packageExclude: 'package.exclude',
  confirmDelete: 'confirm.delete',
  logsStartWindow: 'logs.startWindow',
  logsPrettyJson: 'logs.prettyJson',
  confirmPackagePreview: 'confirm.packagePreview',
  saveBeforeRun: 'saveBeforeRun',
} as const;

/** contextValue strings the tree nodes carry; menus match them with regexes. */
export const NodeContext = {
  connection: 'lambdaWorkbench.connection',
  region: 'lambdaWorkbench.region',
  function: 'lambdaWorkbench.function',
  loadMore: 'lambdaWorkbench.loadMore',
  error: 'lambdaWorkbench.error',
  empty: 'lambdaWorkbench.empty',
} as const;

/** URI scheme of the read-only result documents (invoke responses, package previews). */
export const RESULT_SCHEME = 'lambda-workbench';

export const LOG_CHANNEL_NAME = 'Lambda Workbench';
export const INVOKE_CHANNEL_NAME = 'Lambda Workbench: Invoke';
