/**
 * The function quick pick behind "Go to Function…" and every palette command that needs a
 * function: it lists every chosen region in parallel and shows functions as pages arrive.
 */
import vscode = require('vscode');
import type { FunctionConfiguration } from '../../core/aws/types';
import { shortReason } from '../errorText';
import { isFunctionRef, type FunctionRef } from '../functionRef';
import { log } from '../log';
import { FunctionNode } from '../tree/functionNode';
import type { Workbench } from '../workbench';

interface FunctionItem extends vscode.QuickPickItem {
  ref?: FunctionRef;
  config?: FunctionConfiguration;
}

export interface PickedFunction {
  ref: FunctionRef;
  config?: FunctionConfiguration;
}

/** The function a command was given (tree node, FunctionRef) or, from the palette, one the user picks. */
export async function resolveFunction(wb: Workbench, arg: unknown, title: string): Promise<PickedFunction | undefined> {
  if (arg instanceof FunctionNode) return { ref: arg.ref, config: arg.config };
  if (isFunctionRef(arg)) return { ref: { region: arg.region, name: arg.name, arn: arg.arn } };
  return pickFunction(wb, title);
}

export async function pickFunction(wb: Workbench, title: string): Promise<PickedFunction | undefined> {
  const regions = await wb.connection.regions();
  const service = await wb.connection.service();
  const abort = new AbortController();
  const pick = vscode.window.createQuickPick<FunctionItem>();
  pick.title = title;
  pick.placeholder = `Type to search functions in ${regions.join(', ')}`;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.keepScrollPosition = true;
  pick.busy = true;

  const byRegion = new Map<string, FunctionItem[]>(regions.map((r) => [r, []]));
  const render = () => {
    const items: FunctionItem[] = [];
    for (const [region, list] of byRegion) {
      if (list.length === 0) continue;
      if (regions.length > 1) items.push({ label: region, kind: vscode.QuickPickItemKind.Separator });
      items.push(...list);
    }
    pick.items = items;
  };

  const listRegion = async (region: string) => {
    try {
      for await (const page of service.listFunctions(region, { signal: abort.signal })) {
        byRegion.get(region)?.push(
          ...page.functions.map((f): FunctionItem => ({
            label: f.FunctionName ?? '',
            description: regions.length > 1 ? `${f.Runtime ?? f.PackageType ?? ''} · ${region}` : (f.Runtime ?? f.PackageType ?? ''),
            detail: f.Description || undefined,
            iconPath: new vscode.ThemeIcon('symbol-function'),
            ref: { region, name: f.FunctionName ?? '', arn: f.FunctionArn },
            config: f,
          })),
        );
        render();
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      log().warn(`Go to Function: listing ${region} failed: ${shortReason(error)}`);
      byRegion.get(region)?.push({ label: `$(error) Could not list functions in ${region}`, detail: shortReason(error), alwaysShow: true });
      render();
    }
  };

  const done = new Promise<PickedFunction | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (!item?.ref) return; // error rows are informational
      resolve({ ref: item.ref, config: item.config });
      pick.hide();
    });
    pick.onDidHide(() => {
      abort.abort();
      resolve(undefined);
      pick.dispose();
    });
  });
  pick.show();
  void Promise.all(regions.map(listRegion)).then(() => {
    pick.busy = false;
    if (pick.items.length === 0) pick.placeholder = `No functions in ${regions.join(', ')}`;
  });
  return done;
}
