export * from './serialTrigger';
export * from './watchFolder';
export * from './syncLoop';
