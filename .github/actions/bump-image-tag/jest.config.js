// This workspace is ESM ("type": "module"), because @actions/core@3 and @actions/github@9 are
// ESM-only. Tests are still transpiled to CommonJS by the shared SWC preset; they never import
// those two packages (only src/main.ts does), and exercise main.ts through the bundled dist/.
import preset from '../../../jest.preset.cjs';

export default {
  ...preset,
  // real-synth.test.ts copies the manifests workspace (package.json and all) in there.
  modulePathIgnorePatterns: ['<rootDir>/test-artifacts/'],
};
