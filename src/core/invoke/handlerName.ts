/**
 * Lambda handler strings (`src/orders.handler`, `index.nested.fn`): made from a file and an export,
 * and split again the way the runtime splits them. Pure and tiny, so the editor bundle can use it.
 */

/** `src/orders.js` + `handler` → `src/orders.handler` (POSIX, extension dropped). */
export function handlerString(relativeFile: string, exportName: string): string {
  const posix = relativeFile.split('\\').join('/').replace(/^\.\//, '');
  return `${posix.replace(/\.(m|c)?[jt]s$/, '')}.${exportName}`;
}

/** The file part of a handler string: `src/orders.handler` → `src/orders`. */
export function handlerModule(handler: string): string {
  const lastSlash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', lastSlash + 1);
  return dot === -1 ? handler : handler.slice(0, dot);
}

/** The export part of a handler string: `src/app.nested.fn` → `nested.fn`. */
export function handlerExport(handler: string): string {
  const lastSlash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', lastSlash + 1);
  return dot === -1 ? 'handler' : handler.slice(dot + 1);
}
