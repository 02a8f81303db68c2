import type { KubeObject } from '../src/render/render-environment';
import { find, synthesizeAll } from './support/environments';
import { containerViolations, podSpecOf, quantityViolations } from './support/policies';

const synthesized = synthesizeAll();
const workloads = synthesized.flatMap(({ environment, objects }) =>
  objects
    .filter((object) => podSpecOf(object))
    .map(
      (object) => [`${environment.name} ${object.kind}/${object.metadata.name}`, object] as const,
    ),
);

type Mutable = KubeObject & {
  spec: { template: { spec: { containers: Record<string, unknown>[] } } };
};

interface ContainerJson {
  image?: string;
  readinessProbe?: unknown;
  resources: { limits: Record<string, string | undefined> };
  securityContext: { readOnlyRootFilesystem?: boolean; runAsUser?: number };
}

function firstContainer(object: KubeObject): Record<string, unknown> {
  return (object as Mutable).spec.template.spec.containers[0] as Record<string, unknown>;
}

describe.each(workloads)('%s', (_id, workload) => {
  it('has requests and limits, all three probes, the restricted security context and a pinned image', () => {
    expect(containerViolations(workload)).toEqual([]);
  });

  it('writes quantities only in canonical form', () => {
    expect(quantityViolations(workload)).toEqual([]);
  });

  it('mounts an emptyDir at /tmp, the one writable path under a read-only root', () => {
    const pod = podSpecOf(workload);
    const container = firstContainer(workload) as {
      volumeMounts: { name: string; mountPath: string }[];
    };
    const tmp = container.volumeMounts.find((mount) => mount.mountPath === '/tmp');
    expect(pod?.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  });
});

describe.each(synthesized.map((entry) => [entry.environment.name, entry] as const))(
  'in %s',
  (_name, { environment, objects }) => {
    it.each(['api', 'frontend'])(
      '%s gets longer to stop than it drains for (grace > SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS)',
      (app) => {
        const deployment = find(objects, 'Deployment', app);
        const env = firstContainer(deployment).env as { name: string; value?: string }[];
        const ms = (name: string) => Number(env.find((variable) => variable.name === name)?.value);
        const grace = podSpecOf(deployment)?.terminationGracePeriodSeconds ?? 30;
        expect(ms('SHUTDOWN_DELAY_MS')).toBe(environment.config.drain.delaySeconds * 1000);
        expect(grace * 1000).toBeGreaterThan(ms('SHUTDOWN_DELAY_MS') + ms('SHUTDOWN_TIMEOUT_MS'));
      },
    );

    it('no quantity anywhere is in a form the API server rewrites', () => {
      expect(objects.flatMap(quantityViolations)).toEqual([]);
    });

    it('PodDisruptionBudgets set maxUnavailable only (both fields together are rejected)', () => {
      const budgets = objects.filter((object) => object.kind === 'PodDisruptionBudget');
      expect(budgets.map((budget) => budget.metadata.name).sort()).toEqual(['api', 'frontend']);
      for (const budget of budgets) {
        expect(budget.spec).toMatchObject({ maxUnavailable: 1 });
        expect(budget.spec).not.toHaveProperty('minAvailable');
      }
    });

    it('rolls out one new pod at a time and never drops below the wanted ready count', () => {
      for (const app of ['api', 'frontend']) {
        expect(find(objects, 'Deployment', app).spec).toMatchObject({
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          progressDeadlineSeconds: 120,
        });
      }
    });
  },
);

describe('the policy checks themselves', () => {
  const api = find(synthesized[0]?.objects ?? [], 'Deployment', 'api');

  it.each([
    ['a missing CPU limit', (c: ContainerJson) => delete c.resources.limits.cpu, 'no limits.cpu'],
    [
      'a missing readiness probe',
      (c: ContainerJson) => delete c.readinessProbe,
      'no readinessProbe',
    ],
    [
      'a writable root filesystem',
      (c: ContainerJson) => (c.securityContext.readOnlyRootFilesystem = false),
      'root filesystem writable',
    ],
    ['root', (c: ContainerJson) => (c.securityContext.runAsUser = 0), 'numeric non-root UID'],
    ['the latest tag', (c: ContainerJson) => (c.image = 'ghcr.io/x/y/api:latest'), 'uses latest'],
    ['no tag at all', (c: ContainerJson) => (c.image = 'ghcr.io/x/y/api'), 'has no tag'],
  ])('catch %s', (_what, breakIt, expected) => {
    const broken = structuredClone(api);
    breakIt(firstContainer(broken) as unknown as ContainerJson);
    expect(containerViolations(broken).join('\n')).toContain(expected);
  });

  it.each([
    ['cpu', '1000m', 'write "1"'],
    ['memory', '2048Mi', 'write "2Gi"'],
    ['memory', '0.5Gi', 'not a memory quantity'],
  ])('catch %s written as %s', (resource, value, expected) => {
    const broken = structuredClone(api);
    (firstContainer(broken).resources as { limits: Record<string, string> }).limits[resource] =
      value;
    expect(quantityViolations(broken).join('\n')).toContain(expected);
  });
});
