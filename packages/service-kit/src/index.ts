export * from './config.js';
export * from './identity.js';
export * from './lifecycle.js';
export * from './logger.js';
export * from './metrics.js';
export * from './problem.js';
export * from './request-logging.js';
export * from './security.js';
