// Fails when the committed dist/ is not what `npm run build` makes from the current sources.
// It compares against git's committed copy (HEAD), so a build that has already rewritten dist/ in
// the working tree cannot hide a stale commit.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { bundleOptions, workspace } from './bundle-options.mjs';

const result = await build({ ...bundleOptions, outfile: 'dist/index.js', write: false });
const stale = [];
for (const file of result.outputFiles) {
  const path = file.path.slice(workspace.length + 1);
  let committed;
  try {
    committed = execFileSync('git', ['show', `HEAD:./${path}`], {
      cwd: workspace,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    committed = undefined;
  }
  if (!committed?.equals(Buffer.from(file.contents))) stale.push(path);
}
if (stale.length > 0) {
  console.error(
    `check-dist: committed ${stale.join(', ')} differ from a fresh bundle of src/.\n` +
      'Run `npm run build -w @gitops-lab/bump-image-tag` and commit .github/actions/bump-image-tag/dist.',
  );
  process.exit(1);
}
console.log(`check-dist: ${result.outputFiles.length} file(s) in dist/ match the sources`);
