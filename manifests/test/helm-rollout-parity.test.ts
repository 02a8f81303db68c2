// The chart's apiRollout switch renders what the cdk8s app renders with config `apiRollout`, for
// dev (autoscaled: the HPA scales the Rollout) and local (fixed replicas: the Rollout holds them),
// compared with parity.ts's allowed differences as the committed environments are
// (helm-parity.test.ts). Both sides are rendered from a config with the switch ON: the cdk8s side
// into the files `npm run synth` would write, the chart with the values file synth would write and
// with `--set apiRollout.enabled=true` over the committed one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_DIR, type Environment, loadEnvironment } from '../src/config/load';
import { DEFAULT_PROMETHEUS_ADDRESS, type EnvironmentName } from '../src/config/schema';
import { validateConfig } from '../src/config/validate';
import { comparableObjects, PARITY_RENDER_FLAGS } from '../src/helm/parity';
import { helmValues, renderHelmValues } from '../src/helm/values';
import { HELM_DIR } from '../src/paths';
import { type KubeObject, renderEnvironmentFiles } from '../src/render/render-environment';
import { chartCopyPerTest } from './support/chart-copy';
import { helm, helmBinary, helmTemplate } from './support/helm';

const helmIt = helmBinary ? it : it.skip;

/** A release tag unlike the committed 0.1.0: the analysis must ask for the version deployed. */
const TAG = `sha-${'0123456789'.repeat(4)}`;
const PROMETHEUS = 'http://prometheus.example:9090';

/** The committed config of `name` with `apiRollout` (and the api on `tag`), validated. */
function withRollout(name: EnvironmentName, apiRollout: object, tag?: string): Environment {
  const json = JSON.parse(readFileSync(join(CONFIG_DIR, `${name}.json`), 'utf8')) as {
    apps: { api: { image: { tag: string } } };
  };
  if (tag) json.apps.api.image.tag = tag;
  return { ...loadEnvironment(name), config: validateConfig(name, { ...json, apiRollout }) };
}

/** The objects of the files `npm run synth` would write to manifests/dist/<env>. */
function cdk8sObjects(environment: Environment): KubeObject[] {
  return [...renderEnvironmentFiles(environment)]
    .filter(([file]) => file !== 'kustomization.yaml')
    .map(([, text]) => parse(text, { version: '1.1' }) as KubeObject);
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-helm-rollout-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The values file `npm run synth` would write for `environment`, in the scratch directory. */
function valuesFile(environment: Environment): string {
  const file = join(scratch, `values-${environment.name}-rollout.yaml`);
  writeFileSync(file, renderHelmValues(environment, HELM_DIR));
  return file;
}

/** `helm template` of `environment`'s release, as in helm-parity.test.ts, with `more` flags. */
function chartObjects(environment: EnvironmentName, chartDir: string, ...more: string[]) {
  const release = `gitops-lab-${environment}`;
  return helmTemplate(release, chartDir, '--namespace', release, ...more, ...PARITY_RENDER_FLAGS);
}

describe.each(['dev', 'local'] as const)('the chart with apiRollout on, %s', (name) => {
  const environment = withRollout(name, { prometheusAddress: PROMETHEUS }, TAG);
  const expected = comparableObjects(cdk8sObjects(environment));

  it('compares the Rollout objects, and the HPA only where the config autoscales', () => {
    expect(expected).toHaveProperty(['Rollout/api', 'spec', 'workloadRef', 'kind'], 'Deployment');
    expect(expected).toHaveProperty(['AnalysisTemplate/api', 'kind'], 'AnalysisTemplate');
    expect(expected).toHaveProperty(['Deployment/api', 'spec', 'replicas'], 0);
    expect('HorizontalPodAutoscaler/api' in expected).toBe(name === 'dev');
  });

  helmIt('with the values synth writes, renders the same objects as the cdk8s app', () => {
    const rendered = chartObjects(name, HELM_DIR, '--values', valuesFile(environment));
    expect(comparableObjects(rendered)).toEqual(expected);
  });

  helmIt(`--set apiRollout.enabled=true over values-${name}.yaml equals "apiRollout": {}`, () => {
    const committedValues = join(HELM_DIR, `values-${name}.yaml`);
    const rendered = chartObjects(
      name,
      HELM_DIR,
      '--values',
      committedValues,
      '--set',
      'apiRollout.enabled=true',
    );
    expect(comparableObjects(rendered)).toEqual(
      comparableObjects(cdk8sObjects(withRollout(name, {}))),
    );
  });

  helmIt('passes helm lint --strict', () => {
    const result = helm('lint', '--strict', HELM_DIR, '--values', valuesFile(environment));
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });
});

describe('the values synth writes', () => {
  const chartDefaults = parse(readFileSync(join(HELM_DIR, 'values.yaml'), 'utf8'));

  it('leave apiRollout out when the config has none (the chart default is off)', () => {
    expect(helmValues(loadEnvironment('dev'), chartDefaults)).not.toHaveProperty('apiRollout');
    expect(chartDefaults.apiRollout).toEqual({
      enabled: false,
      prometheusAddress: DEFAULT_PROMETHEUS_ADDRESS,
    });
  });

  it('turn it on with the configured Prometheus', () => {
    const values = helmValues(withRollout('dev', { prometheusAddress: PROMETHEUS }), chartDefaults);
    expect(values.apiRollout).toEqual({ enabled: true, prometheusAddress: PROMETHEUS });
  });
});

describe('values.schema.json for apiRollout', () => {
  helmIt.each([
    [
      'a Prometheus address that is not an http(s) URL',
      'apiRollout.prometheusAddress=prometheus-server:80',
      /apiRollout\.prometheusAddress: Does not match pattern/,
    ],
    [
      'a non-boolean switch',
      'apiRollout.enabled=yes please',
      /apiRollout\.enabled: Invalid type\. Expected: boolean, given: string/,
    ],
    [
      'an unknown key (a misspelt enabled)',
      'apiRollout.enable=true',
      /apiRollout: Additional property enable is not allowed/,
    ],
  ])('rejects %s with a message naming the key', (_case, value, message) => {
    const result = helm('template', 'gitops-lab', HELM_DIR, '--set', value);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("values don't meet the specifications of the schema(s)");
    expect(result.stderr).toMatch(message);
  });
});

describe('the rollout parity check itself (negative controls)', () => {
  const chart = chartCopyPerTest();

  const dev = withRollout('dev', { prometheusAddress: PROMETHEUS }, TAG);
  const local = withRollout('local', { prometheusAddress: PROMETHEUS }, TAG);

  helmIt.each([
    ['a shorter canary pause', dev, 'templates/rollout-api.yaml', 'duration: 60s', 'duration: 30s'],
    [
      'a looser error threshold',
      dev,
      'templates/analysistemplate-api.yaml',
      'result[0] <= 0.05',
      'result[0] <= 0.5',
    ],
    [
      'the HPA still scaling the Deployment',
      dev,
      'templates/horizontalpodautoscaler.yaml',
      'kind: Rollout',
      'kind: Deployment',
    ],
    [
      'the Deployment keeping its replicas',
      local,
      'templates/deployment.yaml',
      'replicas: 0',
      'replicas: {{ $app.replicas }}',
    ],
  ])('fails on %s', (_case, environment, file, from, to) => {
    chart.edit(file, from, to);
    const rendered = chartObjects(
      environment.name,
      chart.dir(),
      '--values',
      valuesFile(environment),
    );
    expect(comparableObjects(rendered)).not.toEqual(comparableObjects(cdk8sObjects(environment)));
  });

  helmIt('fails when the values name another Prometheus than the config', () => {
    const rendered = chartObjects(
      'local',
      chart.dir(),
      '--values',
      valuesFile(local),
      '--set',
      'apiRollout.prometheusAddress=http://prometheus-server.monitoring.svc:80',
    );
    expect(comparableObjects(rendered)).not.toEqual(comparableObjects(cdk8sObjects(local)));
  });
});
