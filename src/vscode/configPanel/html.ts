/**
 * The configuration page's HTML shell. It carries no function data at all (data arrives only by
 * postMessage), just the CSP, the asset URIs and an empty mount point, so nothing a function
 * holds can ever be parsed as markup. Pure: the browser tests render the same shell.
 */
import { randomBytes } from 'node:crypto';

export interface PageAssets {
  /** `webview.cspSource`. */
  cspSource: string;
  /** webview URIs (already converted with asWebviewUri), as strings. */
  scriptUri: string;
  styleUris: string[];
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Attribute-escapes the few host-made strings (URIs, nonce) that do go into the shell. */
function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderPageHtml(assets: PageAssets): string {
  const nonce = assets.nonce ?? makeNonce();
  const styles = assets.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(assets.cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Lambda function configuration</title>
  </head>
  <body>
    <main id="app" aria-busy="true"><p class="placeholder">Loading configuration…</p></main>
    <script nonce="${attr(nonce)}" src="${attr(assets.scriptUri)}"></script>
  </body>
</html>
`;
}
