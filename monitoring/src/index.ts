export * from './analysis.js';
export * from './dashboard.js';
export * from './dashboard-queries.js';
export * from './prometheus-api.js';
export * from './promql.js';
export * from './render.js';
