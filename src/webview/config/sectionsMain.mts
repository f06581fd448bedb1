/** The main read-only sections: general, code and state, tags, layers, concurrency, function URL. */
import { arnTail, formatBytes, formatScalar, formatSeconds, formatTimestamp } from '../../vscode/configPanel/format';
import { type Child, h } from './dom.mjs';
import { badge, dl, list, paragraph, type Reader, row, warning } from './fields.mjs';

export interface Section {
  id: string;
  title: string;
  icon: string;
  /** A few words shown next to the title, e.g. "3 variables". */
  summary?: string;
  body: Child[];
}

export const C = 'fn.Configuration';

export interface GeneralEditors {
  description: HTMLElement;
  memory: HTMLElement;
  timeout: HTMLElement;
}

export function generalSection(r: Reader, editors: GeneralEditors, now: Date): Section {
  const name = r.str(`${C}.FunctionName`);
  const arn = r.str(`${C}.FunctionArn`);
  const role = r.str(`${C}.Role`);
  const revision = r.str(`${C}.RevisionId`);
  const runtimeVersion = r.str(`${C}.RuntimeVersionConfig.RuntimeVersionArn`);
  const runtimeVersionError = r.str(`${C}.RuntimeVersionConfig.Error.Message`);
  r.get(`${C}.RuntimeVersionConfig.Error.ErrorCode`);
  // Read (and so mark) the edited fields; the editors show them.
  r.get(`${C}.Description`);
  r.get(`${C}.MemorySize`);
  r.get(`${C}.Timeout`);
  const master = r.str(`${C}.MasterArn`);
  return {
    id: 'general',
    title: 'General',
    icon: 'info',
    body: [
      dl(
        row('Function name', name, { copy: name, mono: true }),
        row('ARN', arn, { copy: arn, mono: true }),
        h('div', { class: 'kv editable' }, editors.description),
        row('Runtime', r.str(`${C}.Runtime`) ?? (r.str(`${C}.PackageType`) === 'Image' ? 'Container image' : undefined)),
        runtimeVersion && row('Runtime version', arnTail(runtimeVersion), { copy: runtimeVersion, mono: true }),
        runtimeVersionError && row('Runtime version error', runtimeVersionError),
        row('Handler', r.str(`${C}.Handler`), { mono: true }),
        h('div', { class: 'kv editable' }, editors.memory),
        h('div', { class: 'kv editable' }, editors.timeout),
        row('Architectures', r.strings(`${C}.Architectures`).join(', ') || undefined),
        row('Package type', r.str(`${C}.PackageType`)),
        row('Execution role', role ? arnTail(role) : undefined, {
          copy: role,
          mono: true,
          link: role ? { target: 'role', label: 'Open the role in the IAM console' } : undefined,
          note: role,
        }),
        row('Version', r.str(`${C}.Version`)),
        row('Last modified', formatTimestamp(r.str(`${C}.LastModified`), now)),
        row('Revision ID', revision, { copy: revision, mono: true }),
        master && row('Lambda@Edge origin function', master, { copy: master, mono: true }),
      ),
    ],
  };
}

/** A row only when the service sent the value (reasons are absent while all is well). */
function optional(r: Reader, label: string, path: string, mono = false): HTMLDivElement | undefined {
  const v = r.str(path);
  return v === undefined ? undefined : row(label, v, { mono });
}

export function codeSection(r: Reader, now: Date): Section {
  const sha = r.str(`${C}.CodeSha256`);
  const state = r.str(`${C}.State`);
  const update = r.str(`${C}.LastUpdateStatus`);
  const location = r.str('fn.Code.Location');
  const imageUri = r.str('fn.Code.ImageUri');
  const resolved = r.str('fn.Code.ResolvedImageUri');
  const sourceKms = r.str('fn.Code.SourceKMSKeyArn');
  const codeError = r.str('fn.Code.Error.Message');
  const codeErrorCode = r.str('fn.Code.Error.ErrorCode');
  const size = r.num(`${C}.CodeSize`);
  return {
    id: 'code',
    title: 'Code and state',
    icon: 'file-zip',
    summary: [state, size !== undefined ? formatBytes(size).replace(/ \(.*\)$/, '') : undefined].filter(Boolean).join(' · '),
    body: [
      dl(
        row('State', badge(state)),
        optional(r, 'State reason', `${C}.StateReason`),
        optional(r, 'State reason code', `${C}.StateReasonCode`, true),
        row('Last update status', badge(update)),
        optional(r, 'Last update reason', `${C}.LastUpdateStatusReason`),
        optional(r, 'Last update reason code', `${C}.LastUpdateStatusReasonCode`, true),
        row('Code size', formatBytes(size)),
        row('Code SHA-256', sha, { copy: sha, mono: true }),
        row('Last modified', formatTimestamp(r.str(`${C}.LastModified`), now)),
        row('Repository type', r.str('fn.Code.RepositoryType')),
        // The presigned URL grants a download: offer it by copy, never display or link it.
        location && row('Download link', h('span', { class: 'muted' }, 'Presigned, valid for 10 minutes'), { copy: location }),
        imageUri && row('Image URI', imageUri, { copy: imageUri, mono: true }),
        resolved && row('Resolved image URI', resolved, { copy: resolved, mono: true }),
        sourceKms && row('Source KMS key', sourceKms, { copy: sourceKms, mono: true }),
        (codeError || codeErrorCode) && row('Code error', [codeErrorCode ? `${codeErrorCode}: ` : '', codeError ?? '']),
      ),
    ],
  };
}

function pairTable(caption: string, pairs: Array<[string, string]>, keyHeader: string, valueHeader: string): HTMLTableElement {
  return h(
    'table',
    { class: 'pairs' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, keyHeader), h('th', { attrs: { scope: 'col' } }, valueHeader))),
    h('tbody', null, ...pairs.map(([k, v]) => h('tr', null, h('th', { class: 'mono', attrs: { scope: 'row' } }, k), h('td', { class: 'mono' }, v)))),
  );
}

export function tagsSection(r: Reader): Section {
  const tags = r.entries('fn.Tags');
  const error = r.str('fn.TagsError.Message');
  const errorCode = r.str('fn.TagsError.ErrorCode');
  return {
    id: 'tags',
    title: 'Tags',
    icon: 'tag',
    summary: `${tags.length}`,
    body: [
      (error || errorCode) && warning(`Tags could not be read: ${[errorCode, error].filter(Boolean).join(': ')}`),
      tags.length ? pairTable('Tags', tags, 'Key', 'Value') : paragraph('No tags.'),
    ],
  };
}

export function layersSection(r: Reader): Section {
  const layers = r.list(`${C}.Layers`);
  const sizes = layers.map((_, i) => r.num(`${C}.Layers.${i}.CodeSize`));
  const known = sizes.every((n) => n !== undefined);
  const total = sizes.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  const code = r.num(`${C}.CodeSize`);
  const short = (n: number): string => formatBytes(n).replace(/ \(.*\)$/, '');
  return {
    id: 'layers',
    title: 'Layers',
    icon: 'layers',
    summary: layers.length && known ? `${layers.length} · ${short(total)}` : `${layers.length}`,
    body: layers.length
      ? [
          known &&
            paragraph(
              `${layers.length} layer${layers.length === 1 ? '' : 's'}, ${short(total)} zipped${code !== undefined ? `; with the function's code ${short(total + code)}` : ''}. Lambda allows 250 MB unzipped for the code and its layers together; local invoke runs them under /opt.`,
            ),
          ...layers.map((_, i) => {
          const p = `${C}.Layers.${i}`;
          const arn = r.str(`${p}.Arn`);
          return h(
            'div',
            { class: 'item' },
            h('h3', { class: 'mono' }, arnTail(arn?.replace(/:\d+$/, '')) || `Layer ${i + 1}`, arn && /:\d+$/.test(arn) ? ` (version ${arn.slice(arn.lastIndexOf(':') + 1)})` : ''),
            dl(
              row('ARN', arn, { copy: arn, mono: true }),
              row('Code size', formatBytes(r.num(`${p}.CodeSize`))),
              r.has(`${p}.SigningProfileVersionArn`) && row('Signing profile version', r.str(`${p}.SigningProfileVersionArn`), { mono: true }),
              r.has(`${p}.SigningJobArn`) && row('Signing job', r.str(`${p}.SigningJobArn`), { mono: true }),
            ),
          );
        }),
        ]
      : [paragraph('No layers.')],
  };
}

export function concurrencySection(r: Reader): Section {
  const reserved = r.num('fn.Concurrency.ReservedConcurrentExecutions');
  const text =
    reserved === undefined
      ? 'Unreserved: the function draws from the account’s unreserved concurrency.'
      : reserved === 0
        ? '0: the function is throttled (no invocations run).'
        : `${formatScalar(reserved)} reserved concurrent executions`;
  return {
    id: 'concurrency',
    title: 'Concurrency',
    icon: 'pulse',
    summary: reserved === undefined ? 'unreserved' : `${reserved} reserved`,
    body: [dl(row('Reserved concurrency', text))],
  };
}

export function urlSection(r: Reader, urlState: 'unknown' | 'none' | 'present', now: Date): Section {
  if (urlState !== 'present') {
    return {
      id: 'url',
      title: 'Function URL',
      icon: 'globe',
      summary: urlState === 'none' ? 'none' : undefined,
      body: [paragraph(urlState === 'none' ? 'This function has no function URL.' : 'Function URL settings are not available from this connection.')],
    };
  }
  const url = r.str('url.FunctionUrl');
  const cors = (k: string) => r.strings(`url.Cors.${k}`);
  return {
    id: 'url',
    title: 'Function URL',
    icon: 'globe',
    summary: r.str('url.AuthType'),
    body: [
      dl(
        row('URL', url, { copy: url, mono: true, link: url ? { target: 'functionUrl', label: 'Open the function URL in a browser' } : undefined }),
        row('Auth type', r.str('url.AuthType')),
        row('Invoke mode', r.str('url.InvokeMode') ?? 'BUFFERED'),
        row('Function ARN', r.str('url.FunctionArn'), { mono: true }),
        row('CORS allowed origins', list(cors('AllowOrigins'))),
        row('CORS allowed methods', list(cors('AllowMethods'))),
        row('CORS allowed headers', list(cors('AllowHeaders'))),
        row('CORS exposed headers', list(cors('ExposeHeaders'))),
        row('CORS allows credentials', r.has('url.Cors.AllowCredentials') ? formatScalar(r.get('url.Cors.AllowCredentials')) : undefined),
        row('CORS max age', r.has('url.Cors.MaxAge') ? formatSeconds(r.num('url.Cors.MaxAge')) : undefined),
        row('Created', formatTimestamp(r.str('url.CreationTime'), now)),
        row('Last modified', formatTimestamp(r.str('url.LastModifiedTime'), now)),
      ),
    ],
  };
}

