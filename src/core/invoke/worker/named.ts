/**
 * Stack frames of user code name the runtime's class, e.g. "at Runtime.handler" on Lambda. A
 * minified bundle renames our classes, so the class users see is made from source text instead.
 */
export function named<T extends abstract new (...args: never[]) => object>(name: string, base: T): T {
  return new Function('Base', `return class ${name} extends Base {}`)(base) as T;
}
