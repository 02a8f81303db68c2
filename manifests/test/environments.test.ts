import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DIR } from '../src/config/load';
import { loadInfraNetwork } from '../src/config/network';
import { cpuMillis, memoryMebibytes } from '../src/config/quantity';
import { validateConfig } from '../src/config/validate';
import { commonLabels } from '../src/naming';
import { WORKSPACE_DIR } from '../src/paths';
import { type KubeObject, synthesizeObjects } from '../src/render/render-environment';
import { find, synthesizeAll } from './support/environments';

const byName = Object.fromEntries(
  synthesizeAll().map(({ environment, objects }) => [environment.name, { environment, objects }]),
);
const dev = byName.dev?.objects ?? [];
const prod = byName.prod?.objects ?? [];
const local = byName.local?.objects ?? [];

type Spec = Record<string, unknown>;
function spec(object: KubeObject): Spec {
  return object.spec as Spec;
}
function containerEnv(deployment: KubeObject): Record<string, unknown> {
  const pod = (
    deployment.spec as { template: { spec: { containers: { env: { name: string }[] }[] } } }
  ).template.spec;
  return Object.fromEntries(
    (pod.containers[0]?.env ?? []).map(({ name, ...rest }) => [
      name,
      'value' in rest ? rest.value : rest,
    ]),
  );
}
function annotations(object: KubeObject): Record<string, string> {
  return (object.metadata.annotations as Record<string, string> | undefined) ?? {};
}

describe('namespaces', () => {
  it.each([
    ['dev', dev],
    ['prod', prod],
    ['local', local],
  ])('%s enforces Pod Security "restricted"', (env, objects) => {
    expect(find(objects, 'Namespace', `gitops-lab-${env}`).metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('asks for ALB pod readiness gates on dev and prod only', () => {
    const gate = 'elbv2.k8s.aws/pod-readiness-gate-inject';
    expect(find(dev, 'Namespace', 'gitops-lab-dev').metadata.labels).toHaveProperty(
      [gate],
      'enabled',
    );
    expect(find(prod, 'Namespace', 'gitops-lab-prod').metadata.labels).toHaveProperty(
      [gate],
      'enabled',
    );
    expect(find(local, 'Namespace', 'gitops-lab-local').metadata.labels).not.toHaveProperty([gate]);
  });

  it('puts every other object in the environment namespace', () => {
    for (const [env, objects] of [
      ['dev', dev],
      ['prod', prod],
      ['local', local],
    ] as const) {
      const namespaced = objects.filter((object) => object.kind !== 'Namespace');
      expect(new Set(namespaced.map((object) => object.metadata.namespace))).toEqual(
        new Set([`gitops-lab-${env}`]),
      );
    }
  });
});

describe('replicas and autoscaling', () => {
  it('dev runs 3 api pods (HPA minimum) and 2 frontend pods', () => {
    expect(spec(find(dev, 'HorizontalPodAutoscaler', 'api'))).toMatchObject({
      minReplicas: 3,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
    });
    expect(spec(find(dev, 'Deployment', 'frontend')).replicas).toBe(2);
  });

  it('leaves the replica count of an autoscaled Deployment to its HPA', () => {
    expect(spec(find(dev, 'Deployment', 'api'))).not.toHaveProperty('replicas');
  });

  it('local has no HPA (kind has no metrics-server) and 3 api pods, so rollouts show a split', () => {
    expect(local.some((object) => object.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(spec(find(local, 'Deployment', 'api')).replicas).toBe(3);
  });

  it('local fits a kind cluster on an 8 GB laptop', () => {
    // Docker Desktop gives its VM half of an 8 GB machine; kind's control plane, ingress-nginx
    // and Argo CD need about half of that. The guestbook gets the rest: 1.5 GiB of limits and
    // at most half a CPU of requests, counted over every replica.
    let memoryLimitMi = 0;
    let cpuRequestMillis = 0;
    for (const workload of local.filter(
      (o) => o.kind === 'Deployment' || o.kind === 'StatefulSet',
    )) {
      const { replicas, template } = spec(workload) as {
        replicas: number;
        template: {
          spec: {
            containers: { resources: { requests: { cpu: string }; limits: { memory: string } } }[];
          };
        };
      };
      for (const { resources } of template.spec.containers) {
        memoryLimitMi += replicas * memoryMebibytes(resources.limits.memory);
        cpuRequestMillis += replicas * cpuMillis(resources.requests.cpu);
      }
    }
    expect(memoryLimitMi).toBeLessThanOrEqual(1536);
    expect(cpuRequestMillis).toBeLessThanOrEqual(500);
  });
});

describe('container environment', () => {
  it('gives the api its database settings from the guestbook-db Secret', () => {
    const env = containerEnv(find(dev, 'Deployment', 'api'));
    expect(env.PGHOST).toBe('postgres');
    for (const [variable, key] of [
      ['PGUSER', 'POSTGRES_USER'],
      ['PGPASSWORD', 'POSTGRES_PASSWORD'],
      ['PGDATABASE', 'POSTGRES_DB'],
    ]) {
      expect(env[variable as string]).toEqual({
        valueFrom: { secretKeyRef: { name: 'guestbook-db', key } },
      });
    }
  });

  it('gives the api the instructor key from its optional Secret', () => {
    for (const objects of [dev, prod, local]) {
      expect(containerEnv(find(objects, 'Deployment', 'api')).INSTRUCTOR_KEY).toEqual({
        valueFrom: { secretKeyRef: { name: 'instructor-key', key: 'key', optional: true } },
      });
      expect(containerEnv(find(objects, 'Deployment', 'frontend'))).not.toHaveProperty(
        'INSTRUCTOR_KEY',
      );
    }
  });

  it('turns fault injection on in dev and local and off in prod', () => {
    expect(containerEnv(find(dev, 'Deployment', 'api')).FAULT_INJECTION).toBe('on');
    expect(containerEnv(find(local, 'Deployment', 'api')).FAULT_INJECTION).toBe('on');
    expect(containerEnv(find(prod, 'Deployment', 'api')).FAULT_INJECTION).toBe('off');
  });

  it('tells each pod who it is through the downward API', () => {
    expect(containerEnv(find(dev, 'Deployment', 'frontend'))).toMatchObject({
      POD_NAME: { valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      POD_NAMESPACE: { valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      NODE_NAME: { valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    });
  });

  it('tells the frontend where the api, the repository and the Argo CD app are', () => {
    const config = byName.prod?.environment.config;
    const env = containerEnv(find(prod, 'Deployment', 'frontend'));
    expect(env).toMatchObject({
      API_URL: 'http://api',
      DEPLOY_ENV: 'prod',
      ARGOCD_APP: 'gitops-lab-prod',
      IMAGE_TAG: config?.apps.frontend.image.tag,
    });
    const owner = config?.apps.frontend.image.repository.split('/').slice(1, 3).join('/');
    expect(env.GITHUB_REPOSITORY).toBe(owner);
  });

  it('runs the image named by the config', () => {
    const image = byName.dev?.environment.config.apps.api.image;
    const pod = spec(find(dev, 'Deployment', 'api')) as {
      template: { spec: { containers: { image: string }[] } };
    };
    expect(pod.template.spec.containers[0]?.image).toBe(`${image?.repository}:${image?.tag}`);
  });
});

describe('ingress', () => {
  const alb = 'alb.ingress.kubernetes.io/';

  it.each([
    ['dev', dev],
    ['prod', prod],
  ])('%s uses the ALB class with the health check and drain settings', (_env, objects) => {
    const ingress = find(objects, 'Ingress', 'web');
    expect(spec(ingress).ingressClassName).toBe('alb');
    expect(annotations(ingress)).toMatchObject({
      [`${alb}scheme`]: 'internet-facing',
      [`${alb}target-type`]: 'ip',
      [`${alb}healthcheck-path`]: '/readyz',
      [`${alb}success-codes`]: '200',
      [`${alb}target-group-attributes`]: 'deregistration_delay.timeout_seconds=30',
      [`${alb}listen-ports`]: '[{"HTTP":80}]',
    });
    expect(annotations(ingress)[`${alb}group.name`]).toMatch(/^gitops-lab-/);
    // No certificate configured: no HTTPS listener and no redirect to one.
    expect(annotations(ingress)).not.toHaveProperty(`${alb}ssl-redirect`);
  });

  it('local uses the nginx class and carries no ALB annotation', () => {
    const ingress = find(local, 'Ingress', 'web');
    expect(spec(ingress).ingressClassName).toBe('nginx');
    expect(Object.keys(annotations(ingress)).filter((key) => key.startsWith(alb))).toEqual([]);
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
    ['local', local],
  ])('%s sends every path to the frontend, which proxies /api to the api', (_env, objects) => {
    const rules = spec(find(objects, 'Ingress', 'web')).rules as {
      http: { paths: { path: string; backend: { service: { name: string } } }[] };
    }[];
    expect(
      rules.flatMap((rule) =>
        rule.http.paths.map((path) => [path.path, path.backend.service.name]),
      ),
    ).toEqual([['/', 'frontend']]);
    expect(containerEnv(find(objects, 'Deployment', 'frontend')).API_URL).toBe('http://api');
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
    ['local', local],
  ])('%s keeps the api a ClusterIP Service that no load balancer targets', (_env, objects) => {
    const service = find(objects, 'Service', 'api');
    expect(spec(service).type).toBe('ClusterIP');
    expect(Object.keys(annotations(service)).filter((key) => key.startsWith(alb))).toEqual([]);
  });
});

describe('ingress options', () => {
  const alb = 'alb.ingress.kubernetes.io/';
  const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666';

  function devIngressWith(ingress: Record<string, unknown>): KubeObject {
    const json = JSON.parse(readFileSync(join(CONFIG_DIR, 'dev.json'), 'utf8'));
    json.ingress = { ...json.ingress, ...ingress };
    const objects = synthesizeObjects({
      name: 'dev',
      config: validateConfig('dev', json),
      network: loadInfraNetwork(),
    });
    return find(objects, 'Ingress', 'web');
  }

  it('listen on HTTPS and redirect HTTP to it once a certificate ARN is configured', () => {
    const ingress = devIngressWith({ alb: { groupName: 'gitops-lab-dev', certificateArn: arn } });
    expect(annotations(ingress)).toMatchObject({
      [`${alb}certificate-arn`]: arn,
      [`${alb}listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
      [`${alb}ssl-redirect`]: '443',
    });
  });

  it('admit only the configured source CIDRs, and everyone when the list is empty', () => {
    const limited = devIngressWith({ inboundCidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
    expect(annotations(limited)[`${alb}inbound-cidrs`]).toBe('203.0.113.0/24,198.51.100.7/32');
    expect(annotations(devIngressWith({ inboundCidrs: [] }))).not.toHaveProperty(
      `${alb}inbound-cidrs`,
    );
    expect(annotations(find(dev, 'Ingress', 'web'))).not.toHaveProperty(`${alb}inbound-cidrs`);
  });

  it('route only the configured host when one is set', () => {
    const ingress = devIngressWith({ host: 'guestbook.example.com' });
    expect((spec(ingress).rules as { host?: string }[])[0]?.host).toBe('guestbook.example.com');
  });
});

describe('PostgreSQL', () => {
  it.each([
    ['dev', 'gp3', dev],
    ['local', 'standard', local],
  ])('%s keeps its data on a %s volume claim', (_env, storageClassName, objects) => {
    const statefulSet = find(objects, 'StatefulSet', 'postgres');
    expect(spec(statefulSet)).toMatchObject({
      replicas: 1,
      serviceName: 'postgres',
      volumeClaimTemplates: [{ spec: { storageClassName, accessModes: ['ReadWriteOnce'] } }],
    });
    expect(spec(find(objects, 'Service', 'postgres')).clusterIP).toBe('None');
  });

  it('runs the official image pinned to a version and a digest', () => {
    const pod = spec(find(dev, 'StatefulSet', 'postgres')) as {
      template: { spec: { containers: { image: string }[] } };
    };
    expect(pod.template.spec.containers[0]?.image).toMatch(
      /^postgres:\d+\.\d+@sha256:[0-9a-f]{64}$/,
    );
  });
});

describe('network policies', () => {
  const policies = (objects: KubeObject[]) =>
    Object.fromEntries(
      objects
        .filter((object) => object.kind === 'NetworkPolicy')
        .map((object) => [object.metadata.name, spec(object)]),
    );

  it('deny all ingress by default', () => {
    expect(policies(dev)['default-deny-ingress']).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
    });
  });

  it('let only the api reach PostgreSQL, and only on 5432', () => {
    expect(policies(dev)['allow-api-to-postgres']).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }],
          ports: [{ port: 5432 }],
        },
      ],
    });
  });

  type Rules = { podSelector: unknown; ingress: { from: unknown[]; ports: unknown[] }[] };
  const rule = (objects: KubeObject[], name: string) => policies(objects)[name] as Rules;
  const admittedBy = (objects: KubeObject[], name: string) =>
    rule(objects, name).ingress.flatMap((entry) => entry.from);

  // Read here, not through the code under test: infra builds the VPC's subnets from this file.
  const infraNetwork = JSON.parse(
    readFileSync(join(WORKSPACE_DIR, '..', 'infra', 'network.json'), 'utf8'),
  ) as { vpcCidr: string; publicSubnetCidrs: string[] };

  it.each([
    ['dev', dev],
    ['prod', prod],
  ])(
    '%s admits the ALB from exactly the public subnets of infra/network.json, to the frontend only',
    (_env, objects) => {
      expect(rule(objects, 'allow-ingress-controller-to-web').podSelector).toEqual({
        matchLabels: {
          'app.kubernetes.io/name': 'frontend',
          'app.kubernetes.io/part-of': 'gitops-lab',
        },
      });
      expect(admittedBy(objects, 'allow-ingress-controller-to-web')).toEqual(
        infraNetwork.publicSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } })),
      );
      // The whole VPC would admit every pod: with the VPC CNI pods have VPC addresses.
      expect(JSON.stringify(objects)).not.toContain(`"${infraNetwork.vpcCidr}"`);
    },
  );

  it('admit ingress-nginx on kind, to the frontend only', () => {
    // An empty podSelector next to a namespaceSelector: every pod of that namespace.
    expect(admittedBy(local, 'allow-ingress-controller-to-web')).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: {},
      },
    ]);
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
    ['local', local],
  ])('%s lets only frontend pods (and metrics scraping) reach the api', (_env, objects) => {
    const reachingApi = Object.entries(policies(objects)).filter(([, policy]) =>
      JSON.stringify((policy as Rules).podSelector).includes('"api"'),
    );
    expect(reachingApi.map(([name]) => name).sort()).toEqual([
      'allow-frontend-to-api',
      'allow-metrics-scraping',
    ]);
    expect(admittedBy(objects, 'allow-frontend-to-api')).toEqual([
      {
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'frontend',
            'app.kubernetes.io/part-of': 'gitops-lab',
          },
        },
      },
    ]);
    expect(admittedBy(objects, 'allow-metrics-scraping')).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: {},
      },
    ]);
  });

  it('cover the frontend-to-api path and metrics scraping', () => {
    expect(Object.keys(policies(prod)).sort()).toEqual([
      'allow-api-to-postgres',
      'allow-frontend-to-api',
      'allow-ingress-controller-to-web',
      'allow-metrics-scraping',
      'default-deny-ingress',
    ]);
  });
});

describe('Argo CD sync waves', () => {
  const wave = (object: KubeObject) =>
    Number(annotations(object)['argocd.argoproj.io/sync-wave'] ?? 0);

  it('create the namespace first, Services and the ALB Ingress before the pods, the database before the api', () => {
    expect(wave(find(dev, 'Namespace', 'gitops-lab-dev'))).toBeLessThan(
      wave(find(dev, 'NetworkPolicy', 'default-deny-ingress')),
    );
    expect(wave(find(dev, 'NetworkPolicy', 'default-deny-ingress'))).toBeLessThan(
      wave(find(dev, 'Service', 'api')),
    );
    expect(wave(find(dev, 'Ingress', 'web'))).toBeLessThan(wave(find(dev, 'Deployment', 'api')));
    expect(wave(find(dev, 'Service', 'api'))).toBeLessThan(
      wave(find(dev, 'StatefulSet', 'postgres')),
    );
    expect(wave(find(dev, 'StatefulSet', 'postgres'))).toBeLessThan(
      wave(find(dev, 'Deployment', 'api')),
    );
  });

  it('apply the nginx Ingress on local after the workloads, so a missing controller blocks nothing', () => {
    expect(wave(find(local, 'Ingress', 'web'))).toBeGreaterThan(
      wave(find(local, 'Deployment', 'frontend')),
    );
  });
});

describe('labels', () => {
  it('carry the app name, the instance and the tool on every workload object', () => {
    expect(find(dev, 'Deployment', 'api').metadata.labels).toEqual(commonLabels('api', 'dev'));
  });
});
