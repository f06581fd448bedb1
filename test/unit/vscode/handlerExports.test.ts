import * as assert from 'node:assert/strict';
import { blankCommentsAndStrings, findExportedFunctions, rankHandlers } from '../../../src/vscode/invoke/handlerExports';

const names = (src: string) => findExportedFunctions(src).map((e) => e.name);

describe('findExportedFunctions', () => {
  it('finds CommonJS exports with their positions', () => {
    const src = "'use strict';\nexports.handler = async (event) => ({ ok: true });\nmodule.exports.other = function () {};\n";
    const found = findExportedFunctions(src);
    assert.deepEqual(found, [
      { name: 'handler', line: 1, column: 8 },
      { name: 'other', line: 2, column: 15 },
    ]);
  });

  it('finds ESM and TypeScript exports', () => {
    const src = [
      'import x from "y";',
      'export const handler = async (event: APIGatewayProxyEvent): Promise<Result> => ({ statusCode: 200 });',
      'export async function worker(event) {}',
      'export function* gen() {}',
      'export let typed: Handler = async () => {};',
      'const a = 1, b = 2;',
      'export { a, b as renamed };',
      'export default async function (event) {}',
    ].join('\n');
    assert.deepEqual(names(src), ['handler', 'worker', 'gen', 'typed', 'a', 'renamed', 'default']);
  });

  it('reads module.exports object literals and assignments', () => {
    assert.deepEqual(names('module.exports = { handler, process: run, async other(e) {} };'), ['handler', 'process', 'other']);
    assert.deepEqual(names('module.exports = { handler: async (event, context) => { return 1; } };'), ['handler']);
    assert.deepEqual(names('module.exports = async (event) => event;'), ['default']);
    assert.deepEqual(names("exports['handler'] = () => 1;"), ['handler']);
  });

  it('ignores exports inside comments and strings, and comparisons', () => {
    const src = '// exports.fake = 1\n/* export const nope = 2 */\nconst s = "exports.str = 3";\nif (exports.x == 1) {}\nexports.real = 1;';
    assert.deepEqual(names(src), ['real']);
  });

  it('keeps positions intact when blanking comments and strings', () => {
    const src = 'a /* x\ny */ "q\\"z" b';
    const out = blankCommentsAndStrings(src);
    assert.equal(out.length, src.length);
    assert.equal(out.split('\n').length, 2);
    assert.ok(out.endsWith(' b'));
  });

  it('ranks likely entry points first', () => {
    const ranked = rankHandlers(findExportedFunctions('export const util = 1;\nexport default () => 1;\nexport const ordersHandler = 1;\nexport const handler = 1;'));
    assert.deepEqual(ranked.map((e) => e.name), ['handler', 'ordersHandler', 'util', 'default']);
  });
});
