const preset = require('../../jest.preset.cjs');

// Sources import siblings as './x.js' (Node ESM-style resolution); jest resolves them to the .ts files.
// PGlite loads Node built-ins with dynamic import(), which jest only allows under
// --experimental-vm-modules (set by `npm test`). Booting its WASM engine takes seconds: hence the timeout.
module.exports = {
  ...preset,
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30_000,
};
