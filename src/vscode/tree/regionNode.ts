/**
 * One region: loads its first page when first expanded, more pages on "Load more…", and keeps
 * what it loaded until refreshed. Pure: the service and the change notifier are injected.
 */
import type { FunctionConfiguration, LambdaService } from '../../core/aws/types';
import { Cmd, NodeContext } from '../ids';
import { childrenOrPlaceholder, errorNode, MessageNode } from './children';
import { FunctionNode } from './functionNode';
import { escapeMarkdown, type TreeItemSpec, type TreeNode } from './treeItemSpec';

export interface RegionDeps {
  getService(): Promise<LambdaService>;
  pageSize(): number;
  /** The current name filter (lower-cased substring), '' for none. */
  filter(): string;
  /** Tells the view that this node's children changed. */
  changed(node: TreeNode | undefined): void;
  /** A region's display name, e.g. "US East (N. Virginia)". */
  regionName(region: string): string | undefined;
}

interface LoadState {
  functions: FunctionConfiguration[];
  nextMarker?: string;
  /** The first page failed: nothing loaded. */
  error?: unknown;
  /** A later page failed: keep what loaded, offer to retry the next page. */
  moreError?: unknown;
}

export class RegionNode implements TreeNode {
  readonly id: string;
  private state: LoadState | undefined;
  private loading: Promise<void> | undefined;
  private loadingMore: Promise<void> | undefined;
  /** Bumped by refresh so a load that was under way cannot overwrite fresh state. */
  private generation = 0;
  private abort: AbortController | undefined;

  constructor(
    readonly parent: TreeNode | undefined,
    readonly region: string,
    private readonly deps: RegionDeps,
  ) {
    this.id = `region:${region}`;
  }

  /** Loaded functions so far (Go to Function and tests read them). */
  get functions(): readonly FunctionConfiguration[] {
    return this.state?.functions ?? [];
  }

  get hasMore(): boolean {
    return this.state?.nextMarker !== undefined;
  }

  getTreeItem(): TreeItemSpec {
    const name = this.deps.regionName(this.region);
    // No function count here: the row is drawn before its children load, so a count would be stale.
    return {
      id: this.id,
      label: this.region,
      description: name ?? '',
      // The code alone when the name is unknown ("us-east-1", never "us-east-1 us-east-1").
      tooltip: name ? `**${escapeMarkdown(name)}**\n\n${escapeMarkdown(this.region)}` : escapeMarkdown(this.region),
      icon: { id: 'globe' },
      contextValue: NodeContext.region,
      collapsible: 'expanded',
    };
  }

  async getChildren(): Promise<TreeNode[]> {
    if (!this.state) await this.loadFirstPage();
    const state = this.state ?? { functions: [] };
    if (state.error !== undefined) {
      return childrenOrPlaceholder(this, { items: [], error: state.error }, this.placeholderOptions());
    }
    const filter = this.deps.filter();
    const shown = filter ? state.functions.filter((f) => (f.FunctionName ?? '').toLowerCase().includes(filter)) : state.functions;
    const items: TreeNode[] = shown.map((f) => new FunctionNode(this, this.region, f));
    if (state.moreError !== undefined) {
      items.push(errorNode(this, state.moreError, { errorPrefix: 'Could not load more functions', retryCommand: Cmd.loadMore }));
    } else if (state.nextMarker !== undefined) {
      items.push(this.loadMoreNode());
    }
    if (items.length === 0 && filter && state.functions.length > 0) {
      return [new MessageNode(this, `${this.id}/nomatch`, { label: `No loaded functions match "${filter}"`, icon: { id: 'filter' }, contextValue: NodeContext.empty })];
    }
    return childrenOrPlaceholder(this, { items }, this.placeholderOptions());
  }

  private placeholderOptions() {
    return { emptyLabel: `No functions in ${this.region}`, errorPrefix: 'Could not list functions', retryCommand: Cmd.refreshRegion };
  }

  private loadMoreNode(): TreeNode {
    const busy = this.loadingMore !== undefined;
    return new MessageNode(this, `${this.id}/more`, {
      label: busy ? 'Loading more…' : 'Load more…',
      description: `${this.functions.length} loaded`,
      icon: { id: busy ? 'loading~spin' : 'ellipsis' },
      contextValue: NodeContext.loadMore,
      command: busy ? undefined : { command: Cmd.loadMore, title: 'Load More', arguments: [this] },
    });
  }

  private loadFirstPage(): Promise<void> {
    this.loading ??= (async () => {
      const generation = this.generation;
      const abort = new AbortController();
      this.abort = abort;
      let next: LoadState;
      try {
        const service = await this.deps.getService();
        const page = await service.listFunctionsPage(this.region, { pageSize: this.deps.pageSize(), signal: abort.signal });
        next = { functions: page.functions, nextMarker: page.nextMarker || undefined };
      } catch (error) {
        next = { functions: [], error };
      }
      if (generation === this.generation) this.state = next;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Fetches the next page and appends it. Resolves when the view has been told. */
  loadMore(): Promise<void> {
    const state = this.state;
    if (!state || state.error !== undefined) {
      this.refresh();
      return Promise.resolve();
    }
    if (state.nextMarker === undefined && state.moreError === undefined) return Promise.resolve();
    this.loadingMore ??= (async () => {
      const generation = this.generation;
      this.deps.changed(this); // shows "Loading more…"
      try {
        const service = await this.deps.getService();
        const page = await service.listFunctionsPage(this.region, { pageSize: this.deps.pageSize(), marker: state.nextMarker });
        if (generation !== this.generation) return;
        const seen = new Set(state.functions.map((f) => f.FunctionName));
        this.state = {
          functions: [...state.functions, ...page.functions.filter((f) => !seen.has(f.FunctionName))],
          nextMarker: page.nextMarker || undefined,
        };
      } catch (error) {
        if (generation === this.generation) this.state = { ...state, moreError: error };
      }
    })().finally(() => {
      this.loadingMore = undefined;
      this.deps.changed(this);
    });
    return this.loadingMore;
  }

  /** Forgets what was loaded; the next getChildren fetches again. */
  refresh(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = undefined;
    this.state = undefined;
    this.loading = undefined;
    this.loadingMore = undefined;
    this.deps.changed(this);
  }

  /** Drops a function from what was loaded (after a delete), without a round trip. */
  forget(name: string): void {
    if (!this.state) return;
    this.state = { ...this.state, functions: this.state.functions.filter((f) => f.FunctionName !== name) };
    this.deps.changed(this);
  }

  /** Shows a function's new configuration in place (after a change we made), without a round trip. */
  upsert(config: FunctionConfiguration): void {
    if (!this.state || !config.FunctionName) return; // not loaded yet: the first load will show it
    const i = this.state.functions.findIndex((f) => f.FunctionName === config.FunctionName);
    const functions = [...this.state.functions];
    if (i >= 0) functions[i] = config;
    else functions.push(config);
    this.state = { ...this.state, functions };
    this.deps.changed(this);
  }

  /** Stops any request under way (the view is being disposed or rebuilt). */
  dispose(): void {
    this.generation++;
    this.abort?.abort();
  }
}
