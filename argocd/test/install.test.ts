// argocd/install: the pinned chart and our values, read by the EKS stack and the kind script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runHealthScript } from './support/lua-health';
import { ARGOCD_DIR } from './support/repo';

type Values = Record<string, Record<string, unknown>>;
type Resources = { requests?: { cpu?: string; memory?: string }; limits?: Record<string, string> };

const read = (file: string) => readFileSync(join(ARGOCD_DIR, 'install', file), 'utf8');
const chart = JSON.parse(read('chart.json')) as Record<string, string>;
const values = parse(read('values.yaml')) as Values;
const kindValues = parse(read('values-kind.yaml')) as Values;

const COMPONENTS = [
  'controller',
  'server',
  'repoServer',
  'applicationSet',
  'redis',
  'notifications',
] as const;
const INGRESS_HEALTH = 'resource.customizations.health.networking.k8s.io_Ingress';

function millicores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
}
function mebibytes(memory: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!match) throw new Error(`unexpected memory quantity ${memory}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

describe('chart.json', () => {
  test('pins an exact version of the upstream argo-cd chart', () => {
    expect(chart).toEqual({
      repository: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      namespace: 'argocd',
    });
  });
});

describe('values.yaml, sized for two t3.medium nodes', () => {
  test('leaves out the component the lab does not use (no SSO); notifications on', () => {
    expect(values.dex?.enabled).toBe(false);
    expect(values.notifications?.enabled).toBe(true);
  });

  test.each([
    ['server', '80', '/healthz'],
    ['applicationSet', '8080', '/metrics'],
  ])(
    '%s: an ALB Ingress for exactly /api/webhook (port %s), no host rule',
    (name, port, health) => {
      const ingress = values[name]?.ingress as {
        enabled: boolean;
        ingressClassName: string;
        path: string;
        pathType: string;
        annotations: Record<string, string>;
      };
      expect(ingress).toMatchObject({
        enabled: true,
        ingressClassName: 'alb',
        path: '/api/webhook',
        pathType: 'Exact',
      });
      expect(ingress.annotations).toMatchObject({
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/group.name': 'gitops-lab-argocd-webhooks',
        'alb.ingress.kubernetes.io/listen-ports': `[{"HTTP": ${port}}]`,
        'alb.ingress.kubernetes.io/healthcheck-path': health,
      });
      // The chart writes `host: <hostname or global.domain>`: both empty means any host.
      expect(values.global?.domain).toBe('');
    },
  );

  test('keeps polling as the fallback of the webhook', () => {
    expect(values.configs?.cm).toMatchObject({ 'timeout.reconciliation': '120s' });
  });

  test.each(COMPONENTS)(
    '%s: metrics on; CPU and memory requested; memory limited, CPU not',
    (name) => {
      const component = values[name] ?? {};
      expect(component.metrics).toMatchObject({ enabled: true });
      if ('replicas' in component) expect(component.replicas).toBe(1);
      const resources = component.resources as Resources;
      expect(resources.requests?.cpu).toMatch(/^\d+m$/);
      expect(resources.requests?.memory).toMatch(/^\d+(Mi|Gi)$/);
      expect(Object.keys(resources.limits ?? {})).toEqual(['memory']);
    },
  );

  test('requests at most 0.6 vCPU and 1.25 GiB in all: a third of one node at most', () => {
    const requests = COMPONENTS.map(
      (name) => (values[name]?.resources as Resources | undefined)?.requests,
    );
    const cpu = requests.reduce((sum, r) => sum + millicores(r?.cpu ?? '0'), 0);
    const memory = requests.reduce((sum, r) => sum + mebibytes(r?.memory ?? '0Mi'), 0);
    expect(cpu).toBeLessThanOrEqual(600);
    expect(memory).toBeLessThanOrEqual(1280);
  });

  test('serves plain HTTP behind port-forward or the ALB, and tracks by annotation', () => {
    expect(values.configs?.params).toMatchObject({ 'server.insecure': true });
    expect(values.server?.service).toEqual({ type: 'ClusterIP' });
    expect(values.configs?.cm).toMatchObject({
      'application.resourceTrackingMethod': 'annotation',
    });
  });

  test('keeps Argo CD’s own Ingress health check on EKS', () => {
    expect(values.configs?.cm).not.toHaveProperty([INGRESS_HEALTH]);
  });
});

describe('values-kind.yaml: Ingress health on a cluster without a load balancer', () => {
  const kindCm = (kindValues.configs?.cm ?? {}) as Record<string, string>;
  const script = kindCm[INGRESS_HEALTH] ?? '';
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
  };

  test('only adds the health check and drops the webhook Ingresses (no ALB on kind)', () => {
    expect(kindValues).toEqual({
      configs: { cm: { [INGRESS_HEALTH]: script } },
      server: { ingress: { enabled: false } },
      applicationSet: { ingress: { enabled: false } },
    });
  });

  test('an Ingress with no address is Healthy, and says why', () => {
    expect(runHealthScript(script, { ...ingress, status: { loadBalancer: {} } })).toEqual({
      status: 'Healthy',
      message: expect.stringContaining('kubectl port-forward'),
    });
    expect(runHealthScript(script, ingress).status).toBe('Healthy');
  });

  test('an Ingress with an address is Healthy too', () => {
    const withAddress = {
      ...ingress,
      status: { loadBalancer: { ingress: [{ hostname: 'localhost' }] } },
    };
    expect(runHealthScript(script, withAddress)).toEqual({
      status: 'Healthy',
      message: 'Address assigned',
    });
  });

  test('the Lua runner reports script errors instead of passing them', () => {
    expect(() => runHealthScript('return obj.status.loadBalancer.ingress', {})).toThrow(
      /Lua error/,
    );
  });
});
