/** A function row: name, runtime, a tooltip with the details people look for, an icon by runtime. Pure. */
import type { FunctionConfiguration } from '../../core/aws/types';
import type { FunctionRef } from '../functionRef';
import { NodeContext } from '../ids';
import { runtimeFamily, runtimeIcon } from './runtimeIcons';
import { escapeMarkdown, type TreeItemSpec, type TreeNode } from './treeItemSpec';

export class FunctionNode implements TreeNode {
  readonly id: string;
  readonly ref: FunctionRef;
  constructor(
    readonly parent: TreeNode,
    readonly region: string,
    readonly config: FunctionConfiguration,
  ) {
    const name = config.FunctionName ?? '(unnamed)';
    this.ref = { region, name, arn: config.FunctionArn };
    this.id = `fn:${region}:${name}`;
  }

  get name(): string {
    return this.ref.name;
  }

  getTreeItem(): TreeItemSpec {
    const c = this.config;
    const isNode = runtimeFamily(c.Runtime, c.PackageType) === 'nodejs';
    return {
      id: this.id,
      label: this.name,
      description: c.PackageType === 'Image' ? 'container image' : (c.Runtime ?? ''),
      tooltip: functionTooltip(c, this.region),
      icon: runtimeIcon(c.Runtime, c.PackageType),
      // `.node` lets menus offer local invoke only where the local runtime can run the code.
      contextValue: isNode ? `${NodeContext.function}.node` : NodeContext.function,
      collapsible: 'none',
    };
  }

  async getChildren(): Promise<TreeNode[]> {
    return [];
  }
}

export function functionTooltip(c: FunctionConfiguration, region: string): string {
  const lines = [`**${escapeMarkdown(c.FunctionName ?? '')}** · ${escapeMarkdown(region)}`];
  if (c.Description) lines.push(escapeMarkdown(c.Description));
  const facts = [
    c.Runtime ?? (c.PackageType === 'Image' ? 'Container image' : undefined),
    c.MemorySize !== undefined ? `${c.MemorySize} MB` : undefined,
    c.Timeout !== undefined ? `${c.Timeout} s timeout` : undefined,
    c.Architectures?.length ? c.Architectures.join(', ') : undefined,
  ].filter((x): x is string => Boolean(x));
  if (facts.length) lines.push(facts.map(escapeMarkdown).join(' · '));
  if (c.Handler) lines.push(`Handler: \`${c.Handler.replace(/`/g, "'")}\``);
  if (c.LastModified) lines.push(`Last modified: ${escapeMarkdown(formatLastModified(c.LastModified))}`);
  if (c.State && c.State !== 'Active') lines.push(`State: ${escapeMarkdown(c.State)}${c.StateReason ? ` (${escapeMarkdown(c.StateReason)})` : ''}`);
  return lines.join('\n\n');
}

/** Lambda's "2024-05-01T10:20:30.000+0000" as "2024-05-01 10:20 UTC"; anything else unchanged. */
export function formatLastModified(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/.exec(value);
  if (!m) return value;
  const date = new Date(`${m[1]}T${m[2]}:${m[3]}:00${normaliseZone(m[4])}`);
  if (Number.isNaN(date.getTime())) return value;
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function normaliseZone(zone: string | undefined): string {
  if (!zone || zone === 'Z') return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}
