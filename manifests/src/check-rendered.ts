import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffTrees } from './render/compare-trees.js';
import { renderHelmChart } from './render/helm-chart.js';
import { synthAll } from './synth-all.js';

export interface StaleTree {
  /** The committed directory that differs. */
  readonly committed: string;
  /** `diff -ruN committed fresh`, with the scratch path shown as `<fresh>`. */
  readonly diff: string;
}

/**
 * Renders everything into a temporary directory and compares it with the committed trees.
 * Returns the trees that differ (none: the commit is up to date). Never writes to `distDir`
 * or `helmDir`.
 */
export function findStaleTrees(distDir: string, helmDir: string, configDir?: string): StaleTree[] {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-synth-check-'));
  try {
    synthAll(join(scratch, 'dist'), configDir);
    renderHelmChart(join(scratch, 'helm'));
    return [
      { committed: distDir, fresh: join(scratch, 'dist') },
      { committed: helmDir, fresh: join(scratch, 'helm') },
    ]
      .map(({ committed, fresh }) => ({
        committed,
        diff: diffTrees(committed, fresh).replaceAll(scratch, '<fresh>'),
      }))
      .filter(({ diff }) => diff !== '');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
