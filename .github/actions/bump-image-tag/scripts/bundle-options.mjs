// esbuild settings shared by `npm run build` (writes dist/) and `npm run check-dist` (compares).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspace = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  absWorkingDir: workspace,
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  // The runner uses Node 24 (`runs.using: node24`); node20 keeps the bundle runnable in local tests.
  target: 'node20',
  format: 'esm',
  // Prefer ESM entry points: jsonc-parser's UMD `main` loads its parts with a require() esbuild
  // cannot follow.
  mainFields: ['module', 'main'],
  // Workspace packages (@gitops-lab/image-reference) export their TypeScript source under this
  // condition: the bundle is made from the sources, never from a build that may be stale.
  conditions: ['@gitops-lab/source'],
  // Bundled CommonJS dependencies call require() for Node built-ins: give ESM a require.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
};
