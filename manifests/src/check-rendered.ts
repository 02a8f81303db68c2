import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from './config/json-schema.js';
import { CONFIG_DIR, loadAllEnvironments } from './config/load.js';
import { writeHelmValues } from './helm/values.js';
import { diffTrees } from './render/compare-trees.js';
import { synthAll } from './synth-all.js';

export interface StaleTree {
  /** The committed directory (or file) that differs. */
  readonly committed: string;
  /** `diff -ruN committed fresh`, with the scratch path shown as `<fresh>`. */
  readonly diff: string;
}

/**
 * Renders everything into a temporary directory and compares it with the committed trees, the
 * chart's values-<env>.yaml files and config/schema.json. Returns those that differ (none: the commit is up to date). Never writes
 * to `distDir`, `helmDir` or `configDir`.
 */
export function findStaleTrees(
  distDir: string,
  helmDir: string,
  configDir = CONFIG_DIR,
): StaleTree[] {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-synth-check-'));
  try {
    synthAll(join(scratch, 'dist'), configDir);
    // The chart is written by hand; only its values-<env>.yaml files are rendered.
    const helmValues = writeHelmValues(loadAllEnvironments(configDir), helmDir, scratch).map(
      (fresh) => ({ committed: join(helmDir, basename(fresh)), fresh }),
    );
    writeFileSync(join(scratch, CONFIG_SCHEMA_FILE), renderConfigJsonSchema());
    return [
      { committed: distDir, fresh: join(scratch, 'dist') },
      ...helmValues,
      { committed: join(configDir, CONFIG_SCHEMA_FILE), fresh: join(scratch, CONFIG_SCHEMA_FILE) },
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
