// Bundles the page (web/) into dist/public with esbuild at build time: one script, one
// stylesheet, no CDN and no remote fonts, so the page works on a closed classroom network.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'public');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [
    { in: join(root, 'web', 'main.ts'), out: 'app' },
    { in: join(root, 'web', 'styles.css'), out: 'app' },
  ],
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(join(root, 'web', 'index.html'), join(out, 'index.html'));
await copyFile(join(root, 'web', 'favicon.svg'), join(out, 'favicon.svg'));
