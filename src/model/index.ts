export * from './diagnostic.js';
export * from './evidence.js';
export * from './file-role.js';
export * from './keys.js';
export * from './kinds.js';
export * from './node.js';
