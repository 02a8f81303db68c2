// argocd/monitoring: Prometheus, Grafana and the rollout dashboard as Argo CD Applications. Offline:
// the objects against the Argo CD CRD models (and no unknown field), the project permits what they
// deploy, the pinned charts, the sizing for the lab cluster, the scrape config Prometheus itself
// accepts (promtool), and the dashboard ConfigMap kustomize renders for Grafana's sidecar.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, toolAvailable, waitForHttp200 } from '@gitops-lab/test-support';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { ConfigMap } from 'kubernetes-models/v1';
import { apiGroup, destinationPermitted, kindPermitted } from './support/app-project';
import { kubectlAvailable, kustomizeBuild } from './support/kustomize';
import { describeSwitchObjects, loadSwitchObjects } from './support/opt-in-switch';
import { REPO_ROOT, readYamlDocuments } from './support/repo';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type ScrapeJob = {
  enabled?: boolean;
  kubernetes_sd_configs?: unknown[];
  relabel_configs?: { source_labels?: string[]; target_label?: string; [key: string]: unknown }[];
  [key: string]: unknown;
};
/** The parts of the two charts' values these tests read. */
interface PrometheusValues {
  alertmanager: { enabled: boolean };
  'prometheus-pushgateway': { enabled: boolean };
  'prometheus-node-exporter': { enabled: boolean };
  'kube-state-metrics': { enabled: boolean; resources: Resources };
  configmapReload: { prometheus: { resources: Resources; containerSecurityContext: unknown } };
  server: {
    global: { scrape_interval: string };
    resources: Resources;
    containerSecurityContext: unknown;
    persistentVolume: { enabled: boolean };
  };
  scrapeConfigs: Record<string, ScrapeJob>;
}
interface GrafanaValues {
  resources: Resources;
  persistence: { enabled: boolean };
  env: Record<string, string>;
  'grafana.ini': Record<string, unknown>;
  datasources: { 'datasources.yaml': { datasources: unknown[] } };
  sidecar: {
    resources: Resources;
    dashboards: { label: string; labelValue: string; resource: string; skipReload: boolean };
  };
}
type PodTemplate = {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: { containers: { ports?: { name?: string }[] }[] };
};
type Workload = { kind: string; metadata: { name: string }; spec: { template: PodTemplate } };

const objects = loadSwitchObjects('monitoring');
const apps = objects
  .map((o) => o.object)
  .filter((o): o is IApplication => o.kind === 'Application');
const app = (name: string) => {
  const found = apps.find((a) => a.metadata.name === name);
  if (!found) throw new Error(`no Application ${name} in argocd/monitoring`);
  return found;
};
const project = (
  objects.find((o) => o.object.kind === 'AppProject')?.object as IAppProject | undefined
)?.spec;
const valuesOf = (name: string): unknown => app(name).spec.source?.helm?.valuesObject;
const prometheus = valuesOf('prometheus') as PrometheusValues;
const grafana = valuesOf('grafana') as GrafanaValues;
const monitoredApps = apps.filter((a) => a.spec.project === 'monitoring');

describeSwitchObjects('monitoring', objects, [
  'AppProject monitoring',
  'Application gitops-lab-monitoring',
  'Application grafana',
  'Application prometheus',
  'Application rollout-dashboards',
]);

describe('the monitoring project', () => {
  test('permits each application’s source and destination, and only the namespace monitoring', () => {
    if (!project) throw new Error('no AppProject');
    expect(project.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'monitoring' },
    ]);
    expect(monitoredApps.map((a) => a.metadata.name).sort()).toEqual([
      'grafana',
      'prometheus',
      'rollout-dashboards',
    ]);
    for (const a of monitoredApps) {
      expect(project.sourceRepos).toContain(a.spec.source?.repoURL);
      expect(destinationPermitted(project, a.spec.destination)).toBe(true);
    }
  });
});

describe('the charts', () => {
  test.each([
    ['prometheus', 'https://prometheus-community.github.io/helm-charts', 'prometheus'],
    ['grafana', 'https://grafana-community.github.io/helm-charts', 'grafana'],
  ])(
    '%s: the upstream chart, pinned to an exact version, with a fixed release name',
    (name, repo, chart) => {
      const source = app(name).spec.source;
      expect(source).toMatchObject({ repoURL: repo, chart, helm: { releaseName: name } });
      expect(source?.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
    },
  );
});

/** Every resources block of the values, by where it is. */
const resourceBlocks: [string, Resources][] = [
  ['prometheus server', prometheus.server.resources],
  ['prometheus config reloader', prometheus.configmapReload.prometheus.resources],
  ['kube-state-metrics', prometheus['kube-state-metrics'].resources],
  ['grafana', grafana.resources],
  ['grafana sidecar', grafana.sidecar.resources],
];
const millicores = (cpu = '0') =>
  cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
const mebibytes = (memory = '0Mi') => Number(memory.replace(/Mi$/, ''));

describe('sized for the lab cluster (two t3.medium nodes)', () => {
  test.each(resourceBlocks)(
    '%s: CPU and memory requested, memory limited, CPU not',
    (_, resources) => {
      expect(resources.requests?.cpu).toMatch(/^\d+m$/);
      expect(resources.requests?.memory).toMatch(/^\d+Mi$/);
      expect(Object.keys(resources.limits ?? {})).toEqual(['memory']);
      expect(mebibytes(resources.limits?.memory)).toBeGreaterThanOrEqual(
        mebibytes(resources.requests?.memory),
      );
    },
  );

  test('requests at most 0.25 vCPU and 768 MiB in all', () => {
    const cpu = resourceBlocks.reduce((sum, [, r]) => sum + millicores(r.requests?.cpu), 0);
    const memory = resourceBlocks.reduce((sum, [, r]) => sum + mebibytes(r.requests?.memory), 0);
    expect(cpu).toBeLessThanOrEqual(250);
    expect(memory).toBeLessThanOrEqual(768);
  });

  test('runs three pods: no Alertmanager, Pushgateway or node exporter (one pod per node)', () => {
    expect(prometheus.alertmanager.enabled).toBe(false);
    expect(prometheus['prometheus-pushgateway'].enabled).toBe(false);
    expect(prometheus['prometheus-node-exporter'].enabled).toBe(false);
    expect(prometheus['kube-state-metrics'].enabled).toBe(true);
    expect(prometheus.server.persistentVolume.enabled).toBe(false);
    expect(grafana.persistence.enabled).toBe(false);
  });

  test('the containers the charts leave open are locked down for Pod Security "restricted"', () => {
    expect(app('prometheus').spec.syncPolicy?.managedNamespaceMetadata?.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    for (const context of [
      prometheus.server.containerSecurityContext,
      prometheus.configmapReload.prometheus.containerSecurityContext,
    ]) {
      expect(context).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });
});

// The jobs prometheus 29.27.0 defines in values.yaml `scrapeConfigs`; all but its own are switched off.
const CHART_DEFAULT_JOBS = [
  'kubernetes-api-servers',
  'kubernetes-nodes',
  'kubernetes-nodes-cadvisor',
  'kubernetes-service-endpoints',
  'kubernetes-service-endpoints-slow',
  'prometheus-pushgateway',
  'kubernetes-services',
  'kubernetes-pods',
  'kubernetes-pods-slow',
];
const scrapeConfigs = prometheus.scrapeConfigs;
const gitopsLabJob = scrapeConfigs['gitops-lab'] as ScrapeJob;

/**
 * prometheus.yml as the chart's cm.yaml builds it: one job per enabled key (the key is the job
 * name), plus its own job, which we keep at the chart default. Debian's promtool is built without
 * Kubernetes discovery, so kubernetes_sd_configs are swapped for a fixed target: everything else
 * (relabelling regexes, actions, labels) is checked by Prometheus's own config loader.
 */
function promtoolReadyConfig(jobs: Record<string, ScrapeJob>): string {
  const scrape_configs = Object.entries({
    prometheus: { static_configs: [{ targets: ['localhost:9090'] }] } as ScrapeJob,
    ...jobs,
  })
    .filter(([, job]) => job.enabled !== false)
    .map(([name, { kubernetes_sd_configs, ...job }]) => ({
      job_name: name,
      ...job,
      ...(kubernetes_sd_configs ? { static_configs: [{ targets: ['10.0.0.1:8080'] }] } : {}),
    }));
  return JSON.stringify({ global: prometheus.server.global, scrape_configs });
}

const withPromtool = toolAvailable('promtool', 'check the scrape config') ? test : test.skip;

function promtoolCheck(config: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const run = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    return { ok: run.status === 0, output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('what Prometheus scrapes', () => {
  test('none of the chart’s catch-all jobs: the annotated gitops-lab pods would be scraped twice', () => {
    for (const job of CHART_DEFAULT_JOBS) expect(scrapeConfigs[job]).toEqual({ enabled: false });
  });

  test('the gitops-lab pods, labelled job (the app), namespace and pod, as the dashboard expects', () => {
    expect(gitopsLabJob.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    const targets = (gitopsLabJob.relabel_configs ?? []).map((r) => [
      r.source_labels,
      r.target_label,
    ]);
    expect(targets).toEqual(
      expect.arrayContaining([
        [['__meta_kubernetes_pod_label_app_kubernetes_io_name'], 'job'],
        [['__meta_kubernetes_namespace'], 'namespace'],
        [['__meta_kubernetes_pod_name'], 'pod'],
      ]),
    );
  });

  test('the rendered pods carry what the keep rules select: part-of, the scrape annotation, a port named http', () => {
    const dist = join(REPO_ROOT, 'manifests', 'dist', 'dev');
    const workloads = readdirSync(dist)
      .flatMap((file) => readYamlDocuments(join(dist, file)))
      .map((o) => o as Workload)
      .filter((o) => ['Deployment', 'Rollout'].includes(o.kind))
      .filter((o) => ['api', 'frontend'].includes(o.metadata.name));
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['api', 'frontend']);
    for (const workload of workloads) {
      const pod = workload.spec.template;
      expect(pod.metadata.labels['app.kubernetes.io/part-of']).toBe('gitops-lab');
      expect(pod.metadata.annotations['prometheus.io/scrape']).toBe('true');
      expect(pod.spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.name)).toContain(
        'http',
      );
    }
  });

  test('kube-state-metrics through the Service its subchart gets in this release, keeping its pod labels', () => {
    expect(scrapeConfigs['kube-state-metrics']).toEqual({
      honor_labels: true,
      static_configs: [
        {
          targets: [
            `${app('prometheus').spec.source?.helm?.releaseName}-kube-state-metrics.monitoring.svc:8080`,
          ],
        },
      ],
    });
  });

  withPromtool('Prometheus’s own config loader accepts the resulting prometheus.yml', () => {
    const check = promtoolCheck(promtoolReadyConfig(scrapeConfigs));
    expect(check.output).toContain('SUCCESS');
    expect(check.ok).toBe(true);
  });

  withPromtool('and refuses a broken relabel regex (negative control)', () => {
    const broken = {
      ...scrapeConfigs,
      'gitops-lab': {
        ...gitopsLabJob,
        relabel_configs: [{ source_labels: ['a'], regex: '((', action: 'keep' }],
      },
    };
    const check = promtoolCheck(promtoolReadyConfig(broken));
    expect(check.ok).toBe(false);
    expect(check.output).toMatch(/error parsing regexp/);
  });
});

/** Starts `prometheus` with `config` on a free port; resolves with its URL and a stop function. */
async function startPrometheus(
  config: object,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp200(`${url}/-/ready`, 20_000, () => child.exitCode === null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

const describePrometheus = toolAvailable('prometheus', 'run the relabelling')
  ? describe
  : describe.skip;

/**
 * The gitops-lab job's relabelling, run by a real Prometheus. Kubernetes pod discovery hands every
 * target `__meta_kubernetes_*` labels; HTTP discovery can hand over the same labels, so the rules
 * run exactly as in the cluster. Pods the job must ignore are the negative controls.
 */
describePrometheus('the gitops-lab job, on pods as Kubernetes discovery describes them', () => {
  const pod = (ip: number, name: string, changes: Record<string, string> = {}) => ({
    targets: [`10.0.0.${ip}:8080`],
    labels: {
      __meta_kubernetes_namespace: 'gitops-lab-dev',
      __meta_kubernetes_pod_name: name,
      __meta_kubernetes_pod_label_app_kubernetes_io_name: 'api',
      __meta_kubernetes_pod_label_app_kubernetes_io_part_of: 'gitops-lab',
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_annotation_prometheus_io_path: '/metrics',
      __meta_kubernetes_pod_container_port_name: 'http',
      __meta_kubernetes_pod_phase: 'Running',
      ...changes,
    },
  });
  const pods = [
    pod(1, 'api-7c9d-abcde'),
    pod(2, 'frontend-5f6b-fghij', {
      __meta_kubernetes_pod_label_app_kubernetes_io_name: 'frontend',
    }),
    pod(3, 'postgres-0', { __meta_kubernetes_pod_label_app_kubernetes_io_part_of: 'other' }),
    pod(4, 'api-no-annotation', { __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'false' }),
    pod(5, 'api-pending', { __meta_kubernetes_pod_phase: 'Pending' }),
    pod(6, 'api-7c9d-abcde', { __meta_kubernetes_pod_container_port_name: 'debug' }),
  ];
  type Target = { labels: Record<string, string> };
  let targets: { activeTargets: Target[]; droppedTargets: Target[] };

  beforeAll(async () => {
    const discovery = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(pods));
    });
    await new Promise<void>((resolve) => discovery.listen(0, '127.0.0.1', resolve));
    const { port } = discovery.address() as AddressInfo;
    const prometheusServer = await startPrometheus({
      global: { scrape_interval: '1s', scrape_timeout: '1s' },
      scrape_configs: [
        {
          job_name: 'gitops-lab',
          http_sd_configs: [{ url: `http://127.0.0.1:${port}/`, refresh_interval: '1s' }],
          relabel_configs: gitopsLabJob.relabel_configs,
        },
      ],
    });
    try {
      for (let i = 0; i < 60; i++) {
        const body = (await (
          await fetch(`${prometheusServer.url}/api/v1/targets?state=any`)
        ).json()) as {
          data: typeof targets;
        };
        targets = body.data;
        if (targets.activeTargets.length + targets.droppedTargets.length === pods.length) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await prometheusServer.stop();
      discovery.close();
    }
  }, 60_000);

  test('scrapes each app pod once, labelled job (the app), namespace and pod', () => {
    const labels = targets.activeTargets
      .map((t) => ({
        job: t.labels.job,
        namespace: t.labels.namespace,
        pod: t.labels.pod,
        instance: t.labels.instance,
      }))
      .sort((a, b) => String(a.pod).localeCompare(String(b.pod)));
    expect(labels).toEqual([
      { job: 'api', namespace: 'gitops-lab-dev', pod: 'api-7c9d-abcde', instance: '10.0.0.1:8080' },
      {
        job: 'frontend',
        namespace: 'gitops-lab-dev',
        pod: 'frontend-5f6b-fghij',
        instance: '10.0.0.2:8080',
      },
    ]);
  });

  test('drops other apps, pods without the annotation, pending pods and other ports', () => {
    expect(targets.droppedTargets).toHaveLength(4);
  });
});

describe('Grafana', () => {
  test('queries the Prometheus Service of the prometheus release, at its scrape interval', () => {
    const [datasource] = grafana.datasources['datasources.yaml'].datasources;
    expect(datasource).toMatchObject({
      type: 'prometheus',
      url: `http://${app('prometheus').spec.source?.helm?.releaseName}-server.monitoring.svc`,
      isDefault: true,
      jsonData: { timeInterval: prometheus.server.global.scrape_interval },
    });
  });

  test('has no admin and no password: anonymous Viewers only, dashboards come from git', () => {
    expect(grafana.env).toEqual({ GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION: 'true' });
    expect(grafana['grafana.ini']).toMatchObject({
      auth: { disable_login_form: true },
      'auth.anonymous': { enabled: true, org_role: 'Viewer' },
    });
    expect(grafana).not.toHaveProperty('adminPassword');
    expect(grafana).not.toHaveProperty('admin');
    // The sidecar's reload call would need an admin: Grafana rescans the folder itself.
    expect(grafana.sidecar.dashboards.skipReload).toBe(true);
  });

  test('the project permits no Secret', () => {
    expect(kindPermitted(project?.namespaceResourceWhitelist, '', 'Secret')).toBe(false);
  });
});

const describeKustomize = kubectlAvailable ? describe : describe.skip;
describeKustomize(
  'the dashboard ConfigMap (kustomize, as Argo CD renders monitoring/dashboards)',
  () => {
    const dashboards = app('rollout-dashboards').spec.source?.path ?? '';
    const rendered = kustomizeBuild(join(REPO_ROOT, dashboards));

    test('is one valid ConfigMap in monitoring with the committed dashboard JSON', () => {
      expect(rendered.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
        'ConfigMap monitoring/rollout-dashboard',
      ]);
      const configMap = new ConfigMap(rendered[0] as never);
      configMap.validate();
      expect(configMap.data?.['rollout.json']).toBe(
        readFileSync(join(REPO_ROOT, dashboards, 'rollout.json'), 'utf8'),
      );
      expect(
        kindPermitted(
          project?.namespaceResourceWhitelist,
          apiGroup(configMap.apiVersion),
          'ConfigMap',
        ),
      ).toBe(true);
    });

    test('carries the label Grafana’s sidecar loads', () => {
      const { label, labelValue, resource } = grafana.sidecar.dashboards;
      expect(resource).toBe('configmap');
      expect(rendered[0]?.metadata.labels).toMatchObject({ [label]: labelValue });
    });

    test('stays under the 256 KiB Argo CD can apply client-side (last-applied annotation)', () => {
      expect(Buffer.byteLength(JSON.stringify(rendered[0]))).toBeLessThan(256 * 1024);
    });
  },
);

test('the environments let only the namespace monitoring reach /metrics (port 8080)', () => {
  const policy = readYamlDocuments(
    join(REPO_ROOT, 'manifests', 'dist', 'dev', 'networkpolicy-allow-metrics-scraping.yaml'),
  )[0] as { spec: { ingress: unknown } };
  expect(policy.spec.ingress).toEqual([
    {
      from: [
        // cdk8s+ writes an empty podSelector beside the namespaceSelector: every pod of it.
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: {},
        },
      ],
      ports: [{ port: 8080, protocol: 'TCP' }],
    },
  ]);
});
