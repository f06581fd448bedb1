/**
 * Serve Locally in the editor: one local HTTP server at a time (a new one replaces it), its
 * function resolved through core's resolveLocalConfig on every cold start (so binding edits apply
 * after a reload), logs and request lines in the Lambda Workbench: Invoke output channel, and a
 * status-bar item with the URL whose menu opens it in the browser or stops the server.
 */
import vscode = require('vscode');
import type { LocalConfig } from '../../core/invoke';
import type { ServeHandle } from '../../core/serve';
import type { ConnectionManager } from '../connection';
import { Cmd, ContextKey } from '../ids';
import { log } from '../log';
import type { LocalTarget } from '../invoke/localInvokeController';
import { invokeHeader, invokeOutput } from '../invoke/invokeOutput';

export interface ServingInfo {
  url: string;
  handler: string;
  functionName: string;
}

export class ServeController implements vscode.Disposable {
  private server: ServeHandle | undefined;
  private info: ServingInfo | undefined;
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly connection: ConnectionManager,
    private readonly setContext: (key: string, value: unknown) => void,
    private readonly options: { passCredentials(): boolean; port(): number; resolve(target: LocalTarget): Promise<LocalConfig> },
  ) {
    this.item = vscode.window.createStatusBarItem('lambdaWorkbench.serve', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Lambda: Serve Locally';
    this.item.command = Cmd.serveMenu;
  }

  get serving(): ServingInfo | undefined {
    return this.info;
  }

  /** Starts serving `target` (stopping a server already running); resolves with its URL. */
  async start(target: LocalTarget, local: LocalConfig): Promise<ServingInfo> {
    await this.stop();
    const engine = await this.connection.loadEngine();
    // Only when the user opted in: the handler then calls AWS as the selected profile.
    const credentials = this.options.passCredentials() ? await this.connection.credentials() : undefined;
    const out = invokeOutput();
    const { config } = local;
    out.appendLine(invokeHeader(`Serving ${config.handler} locally (${config.functionName}, ${config.runtime})`));
    for (const w of local.warnings) out.appendLine(`warning: ${w}`);
    let first = true;
    const server = await engine.startServer({
      functions: [
        {
          // The first environment uses what was just resolved; after a reload the binding is read again.
          config: async () => {
            if (first) {
              first = false;
              return { ...config, credentials };
            }
            // As Invoke Locally resolves it: the binding again, and its Layers (from the cache once fetched).
            return { ...(await this.options.resolve(target)).config, credentials };
          },
          watchDir: target.request.folder,
        },
      ],
      port: this.options.port(),
      onLog: (line) => out.appendLine(line.text.replace(/\r/g, '\n')),
      onRequest: (r) => out.appendLine(`${r.method} ${r.path} → ${r.status} (${r.durationMs.toFixed(1)} ms${r.coldStart ? ', cold start' : ''}${r.streamed ? ', streamed' : ''})`),
      onNotice: (text) => out.appendLine(text),
    });
    this.server = server;
    this.info = { url: server.url, handler: config.handler, functionName: config.functionName };
    out.appendLine(`Listening on ${server.url} (payload format ${server.payloadFormat}). Stop with "Lambda: Stop Serving".`);
    out.show(true);
    log().info(`Serving ${config.handler} on ${server.url}.`);
    this.item.text = `$(radio-tower) ${server.url.replace(/^http:\/\//, '')}`;
    this.item.tooltip = `Serving ${config.handler} (${config.functionName}) at ${server.url}: click to open it in the browser or stop`;
    this.item.show();
    this.setContext(ContextKey.serving, true);
    return this.info;
  }

  /** Stops the server; false when none was running. */
  async stop(): Promise<boolean> {
    const server = this.server;
    if (!server) return false;
    this.server = undefined;
    const info = this.info;
    this.info = undefined;
    this.item.hide();
    this.setContext(ContextKey.serving, false);
    await server.close();
    invokeOutput().appendLine(`■ Stopped serving ${info?.url ?? ''}.`);
    return true;
  }

  async openInBrowser(): Promise<boolean> {
    if (!this.info) return false;
    return vscode.env.openExternal(vscode.Uri.parse(this.info.url + '/'));
  }

  dispose(): void {
    void this.stop();
    this.item.dispose();
  }
}
