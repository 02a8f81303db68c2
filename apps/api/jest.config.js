// PGlite loads Node built-ins with dynamic import(), which jest only allows under
// --experimental-vm-modules (set by `npm test`). Booting its WASM engine takes seconds: hence the timeout.
module.exports = { ...require('../../jest.preset.cjs'), testTimeout: 30_000 };
