/**
 * The engine's public surface, bundled as dist/engine.js and loaded by the extension on first use.
 * Everything heavy (AWS SDK, jszip) is reachable only from here.
 */
export * from './errors';
export * from './aws';
