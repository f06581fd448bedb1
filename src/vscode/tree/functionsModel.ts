/**
 * The root of the functions view: a connection line, then one node per chosen region. Holds the
 * filter and the region nodes (kept across refreshes so expansion state survives). Pure: every
 * outside dependency is injected, so unit tests drive it with a stubbed LambdaService.
 */
import type { FunctionConfiguration, LambdaService } from '../../core/aws/types';
import { connectionLabel, type ResolvedConnection } from '../connectionInfo';
import { Cmd, NodeContext } from '../ids';
import { MessageNode } from './children';
import { RegionNode } from './regionNode';
import { escapeMarkdown, type TreeItemSpec, type TreeNode } from './treeItemSpec';

export type CredentialStatus = { status: 'found' } | { status: 'none' } | { status: 'ssoExpired'; profile?: string } | { status: 'unknown'; error: unknown };

export interface FunctionsModelDeps {
  getService(): Promise<LambdaService>;
  connection(): ResolvedConnection;
  /** The regions to show (settings, else the profile's region). */
  regions(): Promise<string[]>;
  /** The cheap check behind the welcome view; skipped for endpoint connections. */
  checkCredentials(): Promise<CredentialStatus>;
  pageSize(): number;
  regionName(region: string): string | undefined;
  changed(node: TreeNode | undefined): void;
  /** Sets the welcome view's context keys. */
  credentialStatusChanged(status: CredentialStatus): void;
}

export class ConnectionNode implements TreeNode {
  readonly id = 'connection';
  readonly parent = undefined;
  constructor(private readonly connection: ResolvedConnection) {}
  getTreeItem(): TreeItemSpec {
    const { label, description } = connectionLabel(this.connection);
    const source = this.connection.endpointSource ? ` (from ${this.connection.endpointSource === 'setting' ? 'the lambdaWorkbench.endpoint setting' : this.connection.endpointSource})` : '';
    return {
      id: this.id,
      label,
      description,
      tooltip: this.connection.endpoint
        ? `Requests go to ${escapeMarkdown(this.connection.endpoint)}${escapeMarkdown(source)}`
        : `Credentials from profile **${escapeMarkdown(this.connection.profile ?? 'default')}**. Click to select another profile.`,
      icon: { id: this.connection.endpoint ? 'server' : 'account' },
      contextValue: NodeContext.connection,
      collapsible: 'none',
      command: this.connection.endpoint ? undefined : { command: Cmd.selectProfile, title: 'Select Profile' },
    };
  }
  async getChildren(): Promise<TreeNode[]> {
    return [];
  }
}

export class FunctionsModel {
  private readonly regionNodes = new Map<string, RegionNode>();
  private filterText = '';
  private credentials: CredentialStatus | undefined;

  constructor(private readonly deps: FunctionsModelDeps) {}

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    for (const node of this.regionNodes.values()) this.deps.changed(node);
  }

  /** Region nodes currently shown, in order. */
  get regions(): RegionNode[] {
    return [...this.regionNodes.values()];
  }

  regionNode(region: string): RegionNode | undefined {
    return this.regionNodes.get(region);
  }

  async getChildren(): Promise<TreeNode[]> {
    const connection = this.deps.connection();
    if (!connection.endpoint) {
      this.credentials ??= await this.deps.checkCredentials().catch((error: unknown): CredentialStatus => ({ status: 'unknown', error }));
      this.deps.credentialStatusChanged(this.credentials);
      // An empty root lets the welcome view (viewsWelcome) explain what to do.
      if (this.credentials.status === 'none' || this.credentials.status === 'ssoExpired') return [];
    } else {
      this.deps.credentialStatusChanged({ status: 'found' });
    }
    let regions: string[];
    try {
      regions = await this.deps.regions();
    } catch (error) {
      return [new ConnectionNode(connection), new MessageNode(undefined, 'regions/error', { label: `Could not work out the region: ${String((error as Error).message ?? error)}`, icon: { id: 'error' }, command: { command: Cmd.chooseRegions, title: 'Choose Regions' } })];
    }
    this.syncRegions(regions);
    return [new ConnectionNode(connection), ...this.regionNodes.values()];
  }

  /**
   * The one event for "we changed this function" (panel save, deploy, create, delete), so its row
   * never shows stale facts: a known configuration replaces (or adds) the row in place, `null`
   * removes it, and `undefined` reloads the region.
   */
  functionChanged(region: string, name: string, config?: FunctionConfiguration | null): void {
    const node = this.regionNodes.get(region);
    if (!node) return;
    if (config === null) node.forget(name);
    else if (config) node.upsert(config);
    else node.refresh();
  }

  /** Forget everything: credentials are checked again and every region reloads. */
  refreshAll(): void {
    this.credentials = undefined;
    for (const node of this.regionNodes.values()) node.dispose();
    this.regionNodes.clear();
    this.deps.changed(undefined);
  }

  dispose(): void {
    for (const node of this.regionNodes.values()) node.dispose();
  }

  private syncRegions(regions: string[]): void {
    const next = new Map<string, RegionNode>();
    for (const region of regions) {
      next.set(region, this.regionNodes.get(region) ?? new RegionNode(undefined, region, {
        getService: () => this.deps.getService(),
        pageSize: () => this.deps.pageSize(),
        filter: () => this.filterText,
        changed: (n) => this.deps.changed(n),
        regionName: (r) => this.deps.regionName(r),
      }));
    }
    for (const [region, node] of this.regionNodes) if (!next.has(region)) node.dispose();
    this.regionNodes.clear();
    for (const [region, node] of next) this.regionNodes.set(region, node);
  }
}
