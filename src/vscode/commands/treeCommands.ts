/** Commands of the functions view itself: refresh, load more, regions, filter, Go to Function. */
import vscode = require('vscode');
import { ContextKey, Setting } from '../ids';
import { settings } from '../settings';
import { FunctionNode } from '../tree/functionNode';
import { RegionNode } from '../tree/regionNode';
import type { Workbench } from '../workbench';
import { pickFunction } from './pickFunction';
import { showFunctionActions } from './functionCommands';

export function refreshAll(wb: Workbench): void {
  wb.connection.reset();
  wb.model.refreshAll();
}

export function refreshRegion(wb: Workbench, node?: unknown): void {
  if (node instanceof RegionNode) node.refresh();
  else refreshAll(wb);
}

export async function loadMore(_wb: Workbench, node?: unknown): Promise<void> {
  if (node instanceof RegionNode) await node.loadMore();
}

interface RegionItem extends vscode.QuickPickItem {
  id?: string;
}

export async function chooseRegions(wb: Workbench, preset?: unknown): Promise<string[] | undefined> {
  // Tests and scripts may pass the list directly.
  if (Array.isArray(preset) && preset.every((r) => typeof r === 'string')) {
    await settings.update(Setting.regions, preset);
    return preset;
  }
  const engine = await wb.connection.loadEngine();
  const current = new Set(await wb.connection.regions());
  const items: RegionItem[] = [];
  let partition = '';
  for (const r of engine.listRegions()) {
    if (r.partition !== partition) {
      partition = r.partition;
      items.push({ label: partition === 'aws' ? 'Commercial' : partition, kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: r.id, description: r.name, id: r.id, picked: current.has(r.id) });
  }
  // Regions the user typed by hand that the SDK's data does not know yet stay choosable.
  for (const id of current) if (!items.some((i) => i.id === id)) items.unshift({ label: id, description: 'custom', id, picked: true });
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Choose Regions',
    placeHolder: 'Regions to show in the Lambda view',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  const regions = picked.map((p) => p.id).filter((id): id is string => Boolean(id));
  if (regions.length === 0) {
    void vscode.window.showWarningMessage('Choose at least one region. The view keeps showing the previous ones.');
    return undefined;
  }
  await settings.update(Setting.regions, regions);
  return regions;
}

export async function filterFunctions(wb: Workbench, preset?: unknown): Promise<void> {
  if (typeof preset === 'string') return applyFilter(wb, preset);
  await liveFilter(wb);
}

/**
 * The filter applies as you type (shortly after each keystroke); Enter keeps it, Escape puts back
 * the filter there was before.
 */
function liveFilter(wb: Workbench): Promise<void> {
  const before = wb.model.filter;
  const box = vscode.window.createInputBox();
  box.title = 'Filter Functions';
  box.prompt = 'Show functions whose name contains this text, as you type (Enter keeps it, Escape undoes it)';
  box.placeholder = 'e.g. orders';
  box.value = before;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let accepted = false;
  return new Promise<void>((resolve) => {
    const subscriptions = [
      box.onDidChangeValue((text) => {
        if (timer) clearTimeout(timer);
        // A short pause between keys is enough: every change refreshes the regions' rows.
        timer = setTimeout(() => applyFilter(wb, text), 120);
      }),
      box.onDidAccept(() => {
        accepted = true;
        box.hide();
      }),
      box.onDidHide(() => {
        if (timer) clearTimeout(timer);
        applyFilter(wb, accepted ? box.value : before);
        for (const d of subscriptions) d.dispose();
        box.dispose();
        resolve();
      }),
    ];
    box.show();
  });
}

export function clearFilter(wb: Workbench): void {
  applyFilter(wb, '');
}

function applyFilter(wb: Workbench, text: string): void {
  wb.model.setFilter(text);
  const active = wb.model.filter.length > 0;
  wb.view.description = active ? `filter: ${wb.model.filter}` : undefined;
  wb.view.message = active ? `Showing functions whose name contains "${wb.model.filter}".` : undefined;
  wb.setContext(ContextKey.filterActive, active);
}

export async function goToFunction(wb: Workbench): Promise<void> {
  const picked = await pickFunction(wb, 'Go to Function');
  if (!picked) return;
  // Reveal the row when that page is loaded; the action menu works either way.
  const region = wb.model.regionNode(picked.ref.region);
  const config = region?.functions.find((f) => f.FunctionName === picked.ref.name);
  if (region && config) {
    await Promise.resolve(wb.view.reveal(new FunctionNode(region, picked.ref.region, config), { select: true, focus: false })).then(
      () => undefined,
      () => undefined,
    );
  }
  await showFunctionActions(wb, picked);
}

