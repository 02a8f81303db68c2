// `npm run synth:check` (CI): fails when the committed manifests/dist or manifests/helm differ
// from a fresh render. Renders into a temporary directory; never touches the working tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DIST_DIR, HELM_DIR, WORKSPACE_DIR } from '../paths.js';
import { diffTrees } from '../render/compare-trees.js';
import { renderHelmChart } from '../render/helm-chart.js';
import { synthAll } from '../synth-all.js';
import { runCli } from './run-cli.js';

runCli(() => {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-synth-check-'));
  try {
    synthAll(join(scratch, 'dist'));
    renderHelmChart(join(scratch, 'helm'));
    const stale = [
      { committed: DIST_DIR, fresh: join(scratch, 'dist') },
      { committed: HELM_DIR, fresh: join(scratch, 'helm') },
    ]
      .map(({ committed, fresh }) => ({ committed, diff: diffTrees(committed, fresh) }))
      .filter(({ diff }) => diff !== '');
    if (stale.length === 0) {
      console.log('manifests/dist and manifests/helm match a fresh synth.');
      return;
    }
    for (const { committed, diff } of stale) {
      console.error(
        `${relative(WORKSPACE_DIR, committed)}/ differs from a fresh synth (- committed, + fresh):`,
      );
      console.error(diff.replaceAll(scratch, '<fresh>').replaceAll(WORKSPACE_DIR, 'manifests'));
    }
    console.error('Run `npm run synth` and commit manifests/dist and manifests/helm.');
    process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
