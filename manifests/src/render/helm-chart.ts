import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WORKSPACE_DIR } from '../paths.js';

export const HELM_CHART_NAME = 'gitops-lab';
export const HELM_CHART_VERSION = '0.1.0';
/** The export condition under which workspace packages resolve to their .ts sources. */
const SOURCE_CONDITION = '@gitops-lab/source';

/**
 * Renders src/helm-app.ts as a Helm chart with `cdk8s synth --format helm` into `outDir`
 * (Chart.yaml, README.md, templates/). cdk8s names the chart after the directory it runs in,
 * so it runs in a temporary directory called `gitops-lab`.
 */
export function renderHelmChart(outDir: string): void {
  const workDir = join(mkdtempSync(join(tmpdir(), 'gitops-lab-helm-')), HELM_CHART_NAME);
  mkdirSync(workDir);
  try {
    const tsx = require.resolve('tsx/cli');
    // The package exports no bin path; find it next to its package.json.
    const cdk8s = join(dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
    // cdk8s splits this command on spaces itself (quotes are passed through literally). The
    // condition loads workspace packages from their TypeScript source, so no build is needed.
    const app = `${process.execPath} ${tsx} --conditions=${SOURCE_CONDITION} ${join(WORKSPACE_DIR, 'src', 'helm-app.ts')}`;
    const chartDir = join(workDir, 'chart');
    const result = spawnSync(
      process.execPath,
      [
        cdk8s,
        'synth',
        '--app',
        app,
        '--format',
        'helm',
        '--chart-version',
        HELM_CHART_VERSION,
        '--output',
        chartDir,
        // The upgrade check needs the network and fails offline.
        '--no-check-upgrade',
      ],
      {
        cwd: workDir,
        encoding: 'utf8',
        env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      },
    );
    if (result.status !== 0) {
      throw new Error(`cdk8s synth --format helm failed:\n${result.stdout}\n${result.stderr}`);
    }
    rmSync(outDir, { recursive: true, force: true });
    cpSync(chartDir, outDir, { recursive: true });
  } finally {
    rmSync(join(workDir, '..'), { recursive: true, force: true });
  }
}
