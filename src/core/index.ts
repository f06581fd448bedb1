/**
 * The engine's public surface, bundled as dist/engine.js and loaded by the extension on first use.
 * Everything heavy (AWS SDK, jszip) is reachable only from here.
 */
export * from './errors';
export * from './files';
export * from './aws';
export * from './package';
export * from './deploy';
export * from './config';
export * from './emulator';
export * from './config/validationRules';
export * from './config/validationZip';
export * from './invoke';
export * from './serve';
export * from './logs';
export * from './live';
export * from './download';
export * from './layers';
export * from './links/functionLink';
