// Bundles src/ and its dependencies into dist/index.js: the runner executes that file directly,
// without npm install, so dist/ is committed (`npm run check-dist` proves it is current).
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

await build({ ...bundleOptions, outfile: 'dist/index.js' });
