// The api delivered by Argo Rollouts (config `apiRollout`), synthesised with the switch ON for dev
// (autoscaled) and local (fixed replicas): the Rollout and its AnalysisTemplate against the Argo
// Rollouts CRD models (and no unknown field), the analysis built from monitoring's data, and the
// pods, selector, HPA and PodDisruptionBudget the same as on the Deployment path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analysisMetrics } from '@gitops-lab/monitoring';
import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { CONFIG_DIR, type Environment, loadEnvironment } from '../src/config/load';
import type { EnvironmentName } from '../src/config/schema';
import { ConfigError, validateConfig } from '../src/config/validate';
import { type KubeObject, synthesizeObjects } from '../src/render/render-environment';
import { find } from './support/environments';
import { modelFor, unknownFieldCheckerFor } from './support/kubernetes-models';

const PROMETHEUS = 'http://prometheus-server.monitoring.svc:80';

/** A release tag unlike the package version every build reports when APP_VERSION is unset. */
const TAG = `sha-${'0123456789'.repeat(4)}`;

/**
 * The committed config of `name` with the api on TAG and, unless undefined, `apiRollout`, through
 * the same zod validation as the files.
 */
function configured(name: EnvironmentName, apiRollout?: unknown): Environment {
  const json = JSON.parse(readFileSync(join(CONFIG_DIR, `${name}.json`), 'utf8')) as {
    apps: { api: { image: { tag: string } } };
  };
  json.apps.api.image.tag = TAG;
  return {
    ...loadEnvironment(name),
    config: validateConfig(name, apiRollout === undefined ? json : { ...json, apiRollout }),
  };
}
const withRollout = (name: EnvironmentName, apiRollout: unknown = {}) =>
  configured(name, apiRollout);

const committed = [loadEnvironment('dev'), loadEnvironment('local'), loadEnvironment('prod')];
const off = {
  dev: synthesizeObjects(configured('dev')),
  local: synthesizeObjects(configured('local')),
};
const on = {
  dev: synthesizeObjects(withRollout('dev')),
  local: synthesizeObjects(withRollout('local')),
};
const unknownFields = unknownFieldCheckerFor([...on.dev, ...on.local]);

type Step = Record<string, unknown>;
interface RolloutSpec {
  replicas?: number;
  selector: unknown;
  workloadRef: unknown;
  minReadySeconds: number;
  progressDeadlineSeconds: number;
  revisionHistoryLimit: number;
  strategy: { canary: { maxSurge: unknown; maxUnavailable: unknown; steps: Step[] } };
}
interface TemplateSpec {
  args: { name: string }[];
  metrics: {
    name: string;
    interval: string;
    count: number;
    failureLimit: number;
    successCondition: string;
    provider: { prometheus: { address: string; query: string } };
  }[];
}
const spec = <T>(object: KubeObject) => object.spec as T;
const rollout = (objects: KubeObject[]) => spec<RolloutSpec>(find(objects, 'Rollout', 'api'));
const template = (objects: KubeObject[]) =>
  spec<TemplateSpec>(find(objects, 'AnalysisTemplate', 'api'));
type PodTemplate = { spec: { containers: { env: { name: string; value?: string }[] }[] } };
const podTemplate = (objects: KubeObject[]) =>
  spec<{ template: PodTemplate }>(find(objects, 'Deployment', 'api')).template;

describe('the switch', () => {
  it('is off in every committed config: no Argo Rollouts object is rendered', () => {
    for (const environment of committed) {
      expect(environment.config.apiRollout).toBeUndefined();
      const objects = synthesizeObjects(environment);
      expect(objects.filter((o) => o.apiVersion.startsWith('argoproj.io/'))).toEqual([]);
    }
  });

  it('on, adds exactly a Rollout and an AnalysisTemplate', () => {
    for (const env of ['dev', 'local'] as const) {
      const kinds = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(
        kinds(on[env])
          .filter((k) => !kinds(off[env]).includes(k))
          .sort(),
      ).toEqual(['AnalysisTemplate/api', 'Rollout/api']);
    }
  });

  it('rejects a Prometheus address that is not an http(s) URL, naming the field', () => {
    expect(() => withRollout('dev', { prometheusAddress: 'prometheus-server:80' })).toThrow(
      ConfigError,
    );
    expect(() => withRollout('dev', { prometheusAddress: 'ftp://prometheus' })).toThrow(
      /apiRollout\.prometheusAddress: must be an http\(s\) URL/,
    );
    expect(() => withRollout('dev', { prometheus: PROMETHEUS })).toThrow(
      /apiRollout\.prometheus: is not a known field/,
    );
  });
});

describe.each(['dev', 'local'] as const)('with the Rollout on, %s', (env) => {
  it.each(['Rollout', 'AnalysisTemplate'])(
    '%s validates against the Argo Rollouts CRD schema and has no unknown field',
    (kind) => {
      const object = find(on[env], kind, 'api');
      const Model = kind === 'Rollout' ? Rollout : AnalysisTemplate;
      expect(() => new Model(object as never).validate()).not.toThrow();
      expect(unknownFields(object)).toEqual([]);
    },
  );

  it('every other object still validates against the Kubernetes schema', () => {
    for (const object of on[env].filter((o) => !o.apiVersion.startsWith('argoproj.io/'))) {
      expect(() => modelFor(object).validate()).not.toThrow();
      expect(unknownFields(object)).toEqual([]);
    }
  });

  it('canaries 25 % → 50 % → 100 % of the pods, each weight soaked then analysed', () => {
    const { steps } = rollout(on[env]).strategy.canary;
    expect(steps.map((step) => Object.keys(step)[0])).toEqual([
      'setWeight',
      'pause',
      'analysis',
      'setWeight',
      'pause',
      'analysis',
      'setWeight',
    ]);
    expect(steps.filter((s) => 'setWeight' in s).map((s) => s.setWeight)).toEqual([25, 50, 100]);
    for (const step of steps.filter((s) => 'analysis' in s)) {
      expect(step.analysis).toEqual({
        templates: [{ templateName: 'api' }],
        args: [
          { name: 'namespace', value: `gitops-lab-${env}` },
          { name: 'version', value: TAG },
        ],
      });
    }
    // No traffic router: the weight is a share of the pods behind the one Service.
    expect(rollout(on[env]).strategy.canary).not.toHaveProperty('trafficRouting');
  });

  it('the pods report the version the analysis asks for (APP_VERSION = the image tag)', () => {
    const env0 = podTemplate(on[env]).spec.containers[0]?.env ?? [];
    expect(env0.find((e) => e.name === 'APP_VERSION')?.value).toBe(TAG);
  });

  it('analyses with monitoring’s metrics, queries and thresholds, against the configured Prometheus', () => {
    const { args, metrics } = template(on[env]);
    expect(args).toEqual([{ name: 'namespace' }, { name: 'version' }]);
    expect(metrics).toEqual(
      analysisMetrics.map((m) => ({
        name: m.name,
        interval: `${m.intervalS}s`,
        count: m.count,
        failureLimit: m.failureLimit,
        successCondition: `result[0] <= ${m.max}`,
        provider: { prometheus: { address: PROMETHEUS, query: m.query } },
      })),
    );
    const custom = synthesizeObjects(
      withRollout(env, { prometheusAddress: 'http://prometheus.example:9090' }),
    );
    expect(template(custom).metrics.map((m) => m.provider.prometheus.address)).toEqual(
      analysisMetrics.map(() => 'http://prometheus.example:9090'),
    );
  });

  it('takes over the Deployment’s pods: same selector, workloadRef, and the Deployment at 0', () => {
    const deployment = spec<Record<string, unknown>>(find(on[env], 'Deployment', 'api'));
    const before = spec<Record<string, unknown>>(find(off[env], 'Deployment', 'api'));
    const r = rollout(on[env]);
    expect(r.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(r.selector).toEqual(before.selector);
    expect(deployment.selector).toEqual(before.selector);
    expect(deployment.replicas).toBe(0);
    // The rolling-update settings the Deployment had, now the Rollout's.
    expect({
      minReadySeconds: r.minReadySeconds,
      progressDeadlineSeconds: r.progressDeadlineSeconds,
      revisionHistoryLimit: r.revisionHistoryLimit,
      maxSurge: r.strategy.canary.maxSurge,
      maxUnavailable: r.strategy.canary.maxUnavailable,
    }).toEqual({
      minReadySeconds: before.minReadySeconds,
      progressDeadlineSeconds: before.progressDeadlineSeconds,
      revisionHistoryLimit: before.revisionHistoryLimit,
      maxSurge: (before.strategy as { rollingUpdate: { maxSurge: unknown } }).rollingUpdate
        .maxSurge,
      maxUnavailable: (before.strategy as { rollingUpdate: { maxUnavailable: unknown } })
        .rollingUpdate.maxUnavailable,
    });
  });

  it('keeps the pod template (probes, security, resources) but for APP_VERSION', () => {
    const withoutVersion = structuredClone(podTemplate(on[env]));
    const container = withoutVersion.spec.containers[0];
    if (container) container.env = container.env.filter((e) => e.name !== 'APP_VERSION');
    expect(withoutVersion).toEqual(podTemplate(off[env]));
  });

  it('keeps every other object as it is on the Deployment path', () => {
    const others = (objects: KubeObject[]) =>
      objects.filter(
        (o) =>
          !o.apiVersion.startsWith('argoproj.io/') &&
          !(o.kind === 'Deployment' && o.metadata.name === 'api') &&
          o.kind !== 'HorizontalPodAutoscaler',
      );
    expect(others(on[env])).toEqual(others(off[env]));
  });
});

describe('replicas', () => {
  it('dev: the HPA scales the Rollout, which then has no replica count of its own', () => {
    const hpa = spec<Record<string, unknown>>(find(on.dev, 'HorizontalPodAutoscaler', 'api'));
    const before = spec<Record<string, unknown>>(find(off.dev, 'HorizontalPodAutoscaler', 'api'));
    expect(hpa.scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'api',
    });
    expect({ ...hpa, scaleTargetRef: undefined }).toEqual({ ...before, scaleTargetRef: undefined });
    expect(rollout(on.dev)).not.toHaveProperty('replicas');
  });

  it('local (no HPA): the Rollout runs the 3 pods the Deployment ran', () => {
    expect(on.local.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(rollout(on.local).replicas).toBe(3);
    expect(spec<{ replicas: number }>(find(off.local, 'Deployment', 'api')).replicas).toBe(3);
  });
});

describe('the schema checks catch a broken Rollout (negative controls)', () => {
  const original = find(on.local, 'Rollout', 'api');

  it('a misspelt canary step is an unknown field', () => {
    const broken = structuredClone(original) as KubeObject & {
      spec: { strategy: { canary: { steps: Step[] } } };
    };
    broken.spec.strategy.canary.steps[0] = { setWieght: 25 };
    expect(unknownFields(broken)).toEqual([
      'Rollout/api.spec.strategy.canary.steps[0].setWieght: unknown field',
    ]);
  });

  it('a wrong type fails the CRD model', () => {
    const broken = structuredClone(original) as KubeObject & { spec: Record<string, unknown> };
    broken.spec.replicas = 'three';
    expect(() => new Rollout(broken as never).validate()).toThrow(/replicas/);
  });
});
