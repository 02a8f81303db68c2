import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../src/config/schema';
import { comparableObjects, PARITY_RENDER_FLAGS } from '../src/helm/parity';
import { DIST_DIR, HELM_DIR } from '../src/paths';
import type { KubeObject } from '../src/render/render-environment';
import { chartCopyPerTest } from './support/chart-copy';
import { helmBinary, helmTemplate } from './support/helm';

const helmIt = helmBinary ? it : it.skip;

function distObjects(environment: string): KubeObject[] {
  const dir = join(DIST_DIR, environment);
  return readdirSync(dir)
    .filter((file) => file !== 'kustomization.yaml')
    .map((file) => parse(readFileSync(join(dir, file), 'utf8'), { version: '1.1' }) as KubeObject);
}

/** What Argo CD would apply for `environment`, rendered by Helm the way the lab installs it. */
function chartObjects(environment: string, chartDir = HELM_DIR): KubeObject[] {
  const release = `gitops-lab-${environment}`;
  return helmTemplate(
    release,
    chartDir,
    '--namespace',
    release,
    '--values',
    join(chartDir, `values-${environment}.yaml`),
    ...PARITY_RENDER_FLAGS,
  );
}

describe.each(ENVIRONMENTS)('helm template with values-%s.yaml', (environment) => {
  helmIt(`renders the same objects as manifests/dist/${environment}`, () => {
    expect(comparableObjects(chartObjects(environment))).toEqual(
      comparableObjects(distObjects(environment)),
    );
  });
});

describe('the parity check itself (negative controls)', () => {
  const chart = chartCopyPerTest();

  helmIt('fails when a values file drifts from the config (a changed storage size)', () => {
    chart.edit('values-dev.yaml', 'storageSize: 5Gi', 'storageSize: 6Gi');
    expect(comparableObjects(chartObjects('dev', chart.dir()))).not.toEqual(
      comparableObjects(distObjects('dev')),
    );
  });

  helmIt('fails when a template drifts from the constructs (a changed probe path)', () => {
    chart.edit('templates/deployment.yaml', '(list "/readyz"', '(list "/healthz"');
    expect(comparableObjects(chartObjects('prod', chart.dir()))).not.toEqual(
      comparableObjects(distObjects('prod')),
    );
  });

  helmIt('fails when the chart adds an object (a test hook rendered without --skip-tests)', () => {
    const withHook = helmTemplate(
      'gitops-lab-local',
      chart.dir(),
      '--namespace',
      'gitops-lab-local',
      '--values',
      join(chart.dir(), 'values-local.yaml'),
    );
    expect(comparableObjects(withHook)).not.toEqual(comparableObjects(distObjects('local')));
  });
});
