// `npm run synth:check` (CI): fails when the committed manifests/dist, manifests/helm or
// manifests/config/schema.json differ from a fresh render. Renders into a temporary directory; never touches the working tree.
import { relative } from 'node:path';
import { findStaleTrees } from '../check-rendered.js';
import { DIST_DIR, HELM_DIR, WORKSPACE_DIR } from '../paths.js';
import { runCli } from './run-cli.js';

runCli(() => {
  const stale = findStaleTrees(DIST_DIR, HELM_DIR);
  if (stale.length === 0) {
    console.log(
      'manifests/dist, manifests/helm and manifests/config/schema.json match a fresh synth.',
    );
    return;
  }
  for (const { committed, diff } of stale) {
    console.error(
      `manifests/${relative(WORKSPACE_DIR, committed)} differs from a fresh synth (- committed, + fresh):`,
    );
    console.error(diff.replaceAll(WORKSPACE_DIR, 'manifests'));
  }
  console.error('Run `npm run synth` and commit what it rendered.');
  process.exitCode = 1;
});
