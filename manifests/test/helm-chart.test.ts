import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageTagSchema } from '@gitops-lab/image-reference';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../src/config/schema';
import { HELM_DIR } from '../src/paths';
import type { KubeObject } from '../src/render/render-environment';
import { helm, helmBinary, helmTemplate } from './support/helm';
import { modelFor, unknownFieldCheckerFor } from './support/kubernetes-models';

const helmIt = helmBinary ? it : it.skip;
const chart = parse(readFileSync(join(HELM_DIR, 'Chart.yaml'), 'utf8')) as Record<string, string>;
/** values.yaml alone (the EKS defaults), then each environment's values file. */
const VALUES = [
  { name: 'values.yaml', args: [] as string[] },
  ...ENVIRONMENTS.map((environment) => ({
    name: `values-${environment}.yaml`,
    args: ['--values', join(HELM_DIR, `values-${environment}.yaml`)],
  })),
];

describe('the Helm chart (manifests/helm)', () => {
  it('is a v2 application chart named gitops-lab with a version', () => {
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'gitops-lab', type: 'application' });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  helmIt.each(VALUES)('passes helm lint --strict with $name', ({ args }) => {
    const result = helm('lint', '--strict', HELM_DIR, ...args);
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  describe.each(VALUES)('what helm template renders with $name', ({ args }) => {
    // With the test hook: it is applied to the cluster too, by `helm test`.
    const objects: KubeObject[] = helmBinary
      ? helmTemplate('gitops-lab', HELM_DIR, '--namespace', 'gitops-lab-helm', ...args)
      : [];
    const unknownFields = unknownFieldCheckerFor(objects);
    const ids = objects.map(
      (object) => [`${object.kind}/${object.metadata.name}`, object] as const,
    );

    helmIt.each(ids)('%s validates against the Kubernetes schema', (_id, object) => {
      expect(() => modelFor(object).validate()).not.toThrow();
    });

    helmIt.each(ids)('%s has no field the schema does not know', (_id, object) => {
      expect(unknownFields(object)).toEqual([]);
    });
  });
});

describe('values.schema.json', () => {
  function install(...set: string[]) {
    return helm('template', 'gitops-lab', HELM_DIR, ...set.flatMap((value) => ['--set', value]));
  }

  helmIt('accepts good values (the control for the rejections below)', () => {
    const result = install('apps.api.replicas=4', 'apps.api.image.tag=0.2.0');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  helmIt.each([
    [
      'a non-numeric replica count',
      'apps.api.replicas=three',
      /apps\.api\.replicas: Invalid type\. Expected: integer, given: string/,
    ],
    [
      'an image tag with spaces',
      'apps.frontend.image.tag=0.2.0 beta',
      /apps\.frontend\.image\.tag: Does not match pattern/,
    ],
    [
      'latest as a tag',
      'apps.api.image.tag=latest',
      /apps\.api\.image\.tag: Does not match pattern/,
    ],
    [
      'an unknown key (a misspelt replicas)',
      'apps.api.replica=3',
      /apps\.api: Additional property replica is not allowed/,
    ],
    [
      'an ingress class the chart does not know',
      'ingress.className=traefik',
      /ingress\.className: ingress\.className must be one of the following/,
    ],
    [
      'a root user',
      'podSecurity.apps.runAsUser=0',
      /podSecurity\.apps\.runAsUser: Must be greater than or equal to 1/,
    ],
  ])('rejects %s with a message naming the key', (_case, value, message) => {
    const result = install(value);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("values don't meet the specifications of the schema(s)");
    expect(result.stderr).toMatch(message);
  });
});

describe('values.schema.json and @gitops-lab/image-reference', () => {
  // The chart's tag pattern restates the config's tag rule in JSON Schema: they must agree.
  helmIt.each([
    '0.1.0',
    'v1.2.3-rc.1',
    `sha-${'a'.repeat(40)}`,
    'latest',
    '1.2',
    'sha-abc1234',
    '01.2.3',
    `sha-${'A'.repeat(40)}`,
  ])('accept and refuse the same image tag: %s', (tag) => {
    const result = helm(
      'template',
      'gitops-lab',
      HELM_DIR,
      '--set-string',
      `apps.api.image.tag=${tag}`,
    );
    expect(result.status === 0).toBe(imageTagSchema.safeParse(tag).success);
  });
});

describe('the helm test hook', () => {
  helmIt('asks the frontend and the api through their Services, and only under helm test', () => {
    const hooks = helmTemplate(
      'gitops-lab',
      HELM_DIR,
      '--show-only',
      'templates/tests/answer.yaml',
    ) as (KubeObject & { spec: Record<string, unknown> })[];
    expect(hooks.map((hook) => [hook.kind, hook.metadata.annotations])).toEqual([
      ['NetworkPolicy', expect.objectContaining({ 'helm.sh/hook': 'test' })],
      ['Pod', expect.objectContaining({ 'helm.sh/hook': 'test' })],
    ]);
    const script = JSON.stringify(hooks[1]?.spec);
    for (const url of ['http://frontend/readyz', 'http://api/readyz', 'http://api/api/info']) {
      expect(script).toContain(url);
    }
    const withoutTests = helmTemplate('gitops-lab', HELM_DIR, '--skip-tests');
    expect(withoutTests.filter((object) => object.kind === 'Pod')).toEqual([]);
  });
});

describe('selector labels', () => {
  helmIt('do not change when an upgrade changes values (image tag, log level, replicas)', () => {
    const selectors = (...args: string[]) =>
      helmTemplate('gitops-lab', HELM_DIR, ...args)
        .filter((object) => ['Deployment', 'StatefulSet'].includes(object.kind))
        .map((object) => [object.metadata.name, (object.spec as { selector: unknown }).selector]);
    expect(
      selectors(
        '--set',
        'apps.api.image.tag=0.9.0',
        '--set',
        'logLevel=debug',
        '--set',
        'apps.frontend.replicas=5',
      ),
    ).toEqual(selectors());
  });
});

describe('helm package', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'gitops-lab-helm-package-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  helmIt('writes gitops-lab-<version>.tgz holding the chart, its schema and the test hook', () => {
    const result = helm('package', HELM_DIR, '--destination', out);
    expect(result.status).toBe(0);
    const archive = join(out, `gitops-lab-${chart.version}.tgz`);
    expect(result.stdout).toContain(archive);
    const listing = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'gitops-lab/Chart.yaml',
        'gitops-lab/values.yaml',
        'gitops-lab/values.schema.json',
        'gitops-lab/templates/_helpers.tpl',
        'gitops-lab/templates/NOTES.txt',
        'gitops-lab/templates/tests/answer.yaml',
      ]),
    );
  });
});

describe('the kind settings of the week-4 lab', () => {
  // The flags of docs/en/labs/week-4.md, step 5 (the offline replay of that page ignores --set).
  const KIND_FLAGS = [
    'ingress.className=nginx',
    'ingress.annotations=null',
    'ingress.host=guestbook.localhost',
    'postgres.storageClassName=standard',
    'networkPolicy.ingressControllerPeers[0].namespace=ingress-nginx',
  ];

  helmIt(
    'give an nginx Ingress without ALB annotations, kind storage and ingress-nginx as the peer',
    () => {
      const objects = helmTemplate(
        'guestbook',
        HELM_DIR,
        '--namespace',
        'guestbook',
        ...KIND_FLAGS.flatMap((flag) => ['--set', flag]),
      );
      const byName = (kind: string, name: string) =>
        objects.find(
          (object) => object.kind === kind && object.metadata.name === name,
        ) as KubeObject & {
          spec: Record<string, unknown>;
        };
      const ingress = byName('Ingress', 'web');
      expect(ingress.spec).toMatchObject({
        ingressClassName: 'nginx',
        rules: [{ host: 'guestbook.localhost' }],
      });
      expect(Object.keys(ingress.metadata.annotations ?? {})).toEqual([
        'argocd.argoproj.io/sync-wave',
      ]);
      expect(byName('NetworkPolicy', 'allow-ingress-controller-to-web').spec.ingress).toEqual([
        expect.objectContaining({
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
              },
              podSelector: {},
            },
          ],
        }),
      ]);
      expect(byName('StatefulSet', 'postgres').spec.volumeClaimTemplates).toEqual([
        expect.objectContaining({
          spec: expect.objectContaining({ storageClassName: 'standard' }),
        }),
      ]);
    },
  );
});
