const preset = require('../../jest.preset.cjs');

// Sources import siblings as './x.js' (Node ESM-style resolution); jest resolves them to the .ts files.
module.exports = { ...preset, moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' } };
