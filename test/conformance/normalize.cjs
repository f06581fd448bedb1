// Normalisation shared by the recorder (scripts/record-conformance.mjs) and the conformance test:
// timestamps, request ids, absolute paths and runtime-internal stack frames differ between the
// real runtime and local invoke (and between machines), everything else must match.
'use strict';

const TS = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Replaces the volatile parts of one string. */
function normString(s, root) {
  let out = String(s);
  if (root) {
    const url = 'file://' + root;
    out = out.split(url).join('<root>').split(root).join('<root>');
    const fixtures = require('node:path').dirname(root);
    out = out.split('file://' + fixtures).join('<fixtures>').split(fixtures).join('<fixtures>');
  }
  out = out.replace(TS, '<ts>').replace(UUID, '<id>').replace(/\(node:\d+\)/g, '(node:<pid>)');
  // "Require stack:\n- /var/runtime/index.mjs" names the runtime's own file.
  out = out.replace(/((?:\n|\r|\\n|\\r)- )\/[^\r\n"\\]*/g, '$1<runtime>');
  // Stack frames embedded in a message (util.format of an Error): keep only the user's.
  out = out.replace(/(\n|\r)\s+at [^\n\r]*/g, (frame) => (frame.includes('<root>') ? frame : ''));
  // A require stack line naming the runtime's own file.
  if (/^- \//.test(out)) out = '- <runtime>';
  return out;
}

function isFrame(line) {
  return /^\s+at /.test(line);
}

/** Keeps a trace's header lines and the frames in user code; runtime frames differ by design. */
function normTrace(lines, root) {
  return lines.map((l) => normString(l, root)).filter((l) => !isFrame(l) || l.includes('<root>'));
}

function normValue(v, root, key) {
  if (typeof v === 'string') return normString(v, root);
  if (Array.isArray(v)) {
    const arr = v.map((x) => normValue(x, root));
    return (key === 'trace' || key === 'stack' || key === 'stackTrace') && arr.every((x) => typeof x === 'string') ? arr.filter((l) => !isFrame(l) || l.includes('<root>')) : arr;
  }
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = normValue(x, root, k);
    return o;
  }
  return v;
}

/** A log line: text records may end in "\t{json}" (Invoke Error and friends); JSON records are parsed. */
function normLine(line, root) {
  const t = line.trim();
  if (t.startsWith('{')) {
    try {
      return JSON.stringify(normValue(JSON.parse(t), root));
    } catch {
      // not JSON after all
    }
  }
  const i = line.indexOf('\t{');
  if (i >= 0) {
    try {
      return normString(line.slice(0, i), root) + '\t' + JSON.stringify(normValue(JSON.parse(line.slice(i + 1)), root));
    } catch {
      // fall through
    }
  }
  return normString(line, root);
}

function normErrorBody(body, root) {
  if (!body || typeof body !== 'object') return body;
  const out = normValue(body, root);
  if (Array.isArray(body.trace)) out.trace = normTrace(body.trace, root);
  return out;
}

module.exports = { normString, normTrace, normValue, normLine, normErrorBody };
