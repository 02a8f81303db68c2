// The Argo CD objects in argocd/: valid against the CRD schemas, and what they generate is
// deployable: every source path exists and renders, and the projects permit every
// destination and every kind that gets rendered.
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Application,
  ApplicationSet,
  AppProject,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { stringify } from 'yaml';
import { apiGroup, destinationPermitted, globMatch, kindPermitted } from './support/app-project';
import { type K8sObject, kubectlAvailable, kustomizeBuild } from './support/kustomize';
import { type Params, renderApplications } from './support/render-application-set';
import { type ArgoCdObject, loadArgoCdObjects, REPO_ROOT, readYamlDocuments } from './support/repo';
import { unknownFieldProblems } from './support/unknown-fields';

const objects = loadArgoCdObjects();

function named<T extends ArgoCdObject>(kind: T['kind'], name: string): T {
  const found = objects.find((o) => o.object.kind === kind && o.object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in argocd/`);
  return found.object as T;
}

const environmentSet = named<IApplicationSet>('ApplicationSet', 'gitops-lab-environments');
const previewSet = named<IApplicationSet>('ApplicationSet', 'gitops-lab-previews');
const project = named<IAppProject>('AppProject', 'gitops-lab').spec;
const bootstrapProject = named<IAppProject>('AppProject', 'gitops-lab-bootstrap').spec;
const localApp = named<IApplication>('Application', 'gitops-lab-local');

// What the Pull Request generator hands the template for an open PR labelled `preview`.
const PULL_REQUEST_PARAMS: Params = {
  number: '42',
  branch: 'feature/colour',
  branch_slug: 'feature-colour',
  target_branch: 'main',
  target_branch_slug: 'main',
  head_sha: '0123abc4567890def0123abc4567890def012345',
  head_short_sha: '0123abc4',
  head_short_sha_7: '0123abc',
  labels: ['preview'],
  author: 'student',
  title: 'A new colour',
};

const listElements = (set: IApplicationSet): Params[] =>
  set.spec.generators.flatMap((generator) => (generator.list?.elements ?? []) as Params[]);

const environmentApps = renderApplications(environmentSet, listElements(environmentSet));
const previewApps = renderApplications(previewSet, [PULL_REQUEST_PARAMS]);
/** Every Application that deploys the guestbook somewhere. */
const deployingApps: IApplication[] = [...environmentApps, localApp, ...previewApps];

function app(name: string): IApplication {
  const found = deployingApps.find((a) => a.metadata.name === name);
  if (!found) throw new Error(`no Application ${name} is generated`);
  return found;
}

/** The single source of an Application (ours never use `sources`). */
function sourceOf(a: IApplication) {
  if (!a.spec.source) throw new Error(`${a.metadata.name} has no spec.source`);
  return a.spec.source;
}

const validate: Record<ArgoCdObject['kind'], (object: ArgoCdObject) => void> = {
  Application: (object) => new Application(object as IApplication).validate(),
  ApplicationSet: (object) => new ApplicationSet(object as IApplicationSet).validate(),
  AppProject: (object) => new AppProject(object as IAppProject).validate(),
};

describe('every Argo CD object in argocd/ and every Application they generate', () => {
  const all = [
    ...objects,
    ...deployingApps.map((object) => ({ where: `generated ${object.metadata.name}`, object })),
  ];

  test.each(all.map((o) => [o.where, o.object] as const))(
    '%s validates against its CRD schema',
    (_where, object) => {
      expect(() => validate[object.kind](object)).not.toThrow();
    },
  );

  test('use no field the CRD schemas do not define', () => {
    expect(unknownFieldProblems(all)).toEqual([]);
  }, 30_000);

  test('the unknown-field check does catch a misspelt field', () => {
    const misspelt = structuredClone(localApp);
    Object.assign(misspelt.spec.syncPolicy?.automated ?? {}, { selfheal: true });
    expect(unknownFieldProblems([{ where: 'misspelt', object: misspelt }])).toEqual([
      expect.stringContaining(`'"selfheal"' does not exist`),
    ]);
  }, 30_000);

  test('live in the argocd namespace', () => {
    for (const { object } of all) expect(object.metadata.namespace).toBe('argocd');
  });
});

describe('the environments ApplicationSet', () => {
  test('generates one Application per environment on EKS: dev and prod', () => {
    expect(environmentApps.map((a) => a.metadata.name)).toEqual([
      'gitops-lab-dev',
      'gitops-lab-prod',
    ]);
    for (const env of ['dev', 'prod']) {
      expect(app(`gitops-lab-${env}`).spec).toMatchObject({
        project: 'gitops-lab',
        source: { path: `manifests/dist/${env}` },
        destination: { server: 'https://kubernetes.default.svc', namespace: `gitops-lab-${env}` },
      });
    }
  });

  test('dev syncs itself (prune, selfHeal); prod waits for a person', () => {
    expect(app('gitops-lab-dev').spec.syncPolicy?.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
    expect(app('gitops-lab-prod').spec.syncPolicy?.automated).toBeUndefined();
  });

  test.each(['gitops-lab-dev', 'gitops-lab-prod', 'gitops-lab-local'])(
    '%s creates its namespace, retries with backoff, keeps history, cleans up on delete',
    (name) => {
      const { metadata, spec } = app(name);
      expect(spec.syncPolicy?.syncOptions).toContain('CreateNamespace=true');
      expect(spec.syncPolicy?.retry).toEqual({
        limit: 5,
        backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
      });
      expect(spec.revisionHistoryLimit).toBe(10);
      expect(metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    },
  );

  test('leaves syncPolicy alone once generated, so auto-sync can be switched off for a rollback demo', () => {
    expect(environmentSet.spec.ignoreApplicationDifferences).toEqual([
      { jsonPointers: ['/spec/syncPolicy'] },
    ]);
  });
});

describe('every Application that deploys the guestbook', () => {
  test('covers every environment that has a config file', () => {
    const envs = readdirSync(join(REPO_ROOT, 'manifests', 'config'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => `manifests/dist/${file.replace(/\.json$/, '')}`);
    const deployed = [...environmentApps, localApp].map((a) => sourceOf(a).path);
    expect(deployed.sort()).toEqual(envs.sort());
  });

  test.each(deployingApps.map((a) => [a.metadata.name, a] as const))(
    '%s: its source is this repository, its destination is allowed by the project',
    (_name, a) => {
      expect(a.spec.project).toBe('gitops-lab');
      expect(project.sourceRepos).toContain(sourceOf(a).repoURL);
      expect(destinationPermitted(project, a.spec.destination)).toBe(true);
    },
  );

  test.each(deployingApps.map((a) => [a.metadata.name, a] as const))(
    '%s: its source path exists and is a Kustomize directory whose files all exist',
    (_name, a) => {
      const dir = join(REPO_ROOT, sourceOf(a).path ?? '');
      const [kustomization] = readYamlDocuments(join(dir, 'kustomization.yaml')) as Array<{
        resources: string[];
      }>;
      const resources = kustomization?.resources ?? [];
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(existsSync(join(dir, resource))).toBe(true);
    },
  );

  test('the project permits no other destination than the lab namespaces and previews', () => {
    expect(project.destinations?.map((d) => d.namespace)).toEqual([
      'gitops-lab-dev',
      'gitops-lab-prod',
      'gitops-lab-local',
      'pr-*',
    ]);
    const kubeSystem = { server: 'https://kubernetes.default.svc', namespace: 'kube-system' };
    expect(destinationPermitted(project, kubeSystem)).toBe(false);
    expect(project.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  });
});

const renderTest = kubectlAvailable ? test : test.skip;

/** Renders an Application's source like Argo CD: kustomize, with its kustomize overrides. */
function renderSource(a: IApplication): K8sObject[] {
  const source = sourceOf(a);
  const dir = join(REPO_ROOT, source.path ?? '');
  if (!source.kustomize) return kustomizeBuild(dir);
  // Argo CD applies namespace/images/replicas/patches by editing the kustomization.yaml of a
  // copy of the directory (`kustomize edit set ...`): the same fields, written directly.
  const copy = mkdtempSync(join(tmpdir(), 'argocd-render-'));
  try {
    for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(copy, file));
    const [kustomization] = readYamlDocuments(join(dir, 'kustomization.yaml')) as Array<
      Record<string, unknown>
    >;
    const { namespace, images = [], replicas = [], patches = [] } = source.kustomize;
    const imageOverrides = images.map((image) => {
      const at = image.lastIndexOf(':');
      return { name: image.slice(0, at), newTag: image.slice(at + 1) };
    });
    const edited = { ...kustomization, namespace, images: imageOverrides, replicas, patches };
    writeFileSync(join(copy, 'kustomization.yaml'), stringify(edited));
    return kustomizeBuild(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('what each Application renders (kubectl kustomize)', () => {
  renderTest.each(deployingApps.map((a) => [a.metadata.name, a] as const))(
    '%s: every object lands in the destination namespace and is a kind the project permits',
    (_name, a) => {
      const rendered = renderSource(a);
      const namespace = a.spec.destination.namespace;
      expect(rendered.length).toBeGreaterThan(0);
      for (const object of rendered) {
        const group = apiGroup(object.apiVersion);
        const what = `${group}/${object.kind} ${object.metadata.name}`;
        if (object.kind === 'Namespace') {
          expect(object.metadata.name).toBe(namespace);
          expect(kindPermitted(project.clusterResourceWhitelist, group, object.kind)).toBe(true);
        } else {
          expect(`${what} in ${object.metadata.namespace}`).toBe(`${what} in ${namespace}`);
          const permitted = kindPermitted(project.namespaceResourceWhitelist, group, object.kind);
          expect(`${what} permitted: ${permitted}`).toBe(`${what} permitted: true`);
        }
      }
    },
  );

  renderTest('the project permits exactly the namespaced kinds the environments use', () => {
    const used = new Set(
      [...environmentApps, localApp]
        .flatMap((a) => renderSource(a))
        .filter((o) => o.kind !== 'Namespace')
        .map((o) => `${apiGroup(o.apiVersion)}/${o.kind}`),
    );
    const permitted = (project.namespaceResourceWhitelist ?? []).map((e) => `${e.group}/${e.kind}`);
    expect(permitted.sort()).toEqual([...used].sort());
  });

  renderTest('a preview runs the PR head images, one replica each, no Ingress, HPA or PDB', () => {
    const [preview] = previewApps;
    if (!preview) throw new Error('the preview ApplicationSet generated nothing');
    const rendered = renderSource(preview);
    const kinds = rendered.map((o) => o.kind);
    for (const absent of ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
      expect(kinds).not.toContain(absent);
    }
    const config = JSON.parse(
      readFileSync(join(REPO_ROOT, 'manifests/config/dev.json'), 'utf8'),
    ) as { apps: Record<string, { image: { repository: string } }> };
    for (const name of ['api', 'frontend']) {
      const deployment = rendered.find(
        (o) => o.kind === 'Deployment' && o.metadata.name === name,
      ) as
        | (K8sObject & {
            spec: {
              replicas: number;
              template: { spec: { containers: Array<{ image: string }> } };
            };
          })
        | undefined;
      expect(deployment?.spec.replicas).toBe(1);
      const images = deployment?.spec.template.spec.containers.map((c) => c.image);
      expect(images).toContain(`${config.apps[name]?.image.repository}:sha-0123abc`);
    }
  });
});

describe('the preview ApplicationSet', () => {
  const [preview] = previewApps;

  test('watches pull requests labelled `preview` in the repository the apps sync from', () => {
    const github = previewSet.spec.generators[0]?.pullRequest?.github;
    expect(github?.labels).toEqual(['preview']);
    expect(preview && sourceOf(preview).repoURL).toBe(
      `https://github.com/${github?.owner}/${github?.repo}.git`,
    );
  });

  test('deploys PR 42 into pr-42 from the PR head commit, auto-synced', () => {
    expect(preview?.metadata.name).toBe('gitops-lab-pr-42');
    expect(preview?.spec.destination.namespace).toBe('pr-42');
    expect(preview && sourceOf(preview).targetRevision).toBe(PULL_REQUEST_PARAMS.head_sha);
    expect(preview?.spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
    expect(globMatch('pr-*', 'pr-42')).toBe(true);
  });

  test('is off by default: only the opt-in bootstrap app syncs argocd/previews', () => {
    const syncing = objects
      .filter(({ object }) => object.kind === 'Application')
      .filter(({ object }) => sourceOf(object as IApplication).path === 'argocd/previews');
    expect(syncing.map(({ file }) => file)).toEqual(['argocd/bootstrap/previews-app.yaml']);
  });
});

describe('the bootstrap (root) apps', () => {
  const roots = objects.filter(({ file }) => file.startsWith('argocd/bootstrap/'));
  const rootApps = roots.filter(({ object }) => object.kind === 'Application');

  test('two root apps (EKS and kind) plus the previews switch, in the bootstrap project', () => {
    expect(rootApps.map(({ file }) => file).sort()).toEqual([
      'argocd/bootstrap/previews-app.yaml',
      'argocd/bootstrap/root-app-kind.yaml',
      'argocd/bootstrap/root-app.yaml',
    ]);
  });

  test.each(rootApps.map(({ file, object }) => [file, object as IApplication] as const))(
    '%s: allowed by the bootstrap project; every file it syncs exists and holds permitted kinds',
    (_file, root) => {
      const source = sourceOf(root);
      expect(root.spec.project).toBe('gitops-lab-bootstrap');
      expect(bootstrapProject.sourceRepos).toContain(source.repoURL);
      expect(destinationPermitted(bootstrapProject, root.spec.destination)).toBe(true);
      expect(root.spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
      const dir = join(REPO_ROOT, source.path ?? '');
      const include = source.directory?.include;
      const files = include
        ? include.replace(/^\{|\}$/g, '').split(',')
        : readdirSync(dir).filter((file) => file.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        for (const object of readYamlDocuments(join(dir, file)) as K8sObject[]) {
          const group = apiGroup(object.apiVersion);
          expect(
            kindPermitted(bootstrapProject.namespaceResourceWhitelist, group, object.kind),
          ).toBe(true);
        }
      }
    },
  );

  test('the EKS root deploys dev and prod; the kind root deploys local only', () => {
    const include = (file: string) => {
      const root = rootApps.find((r) => r.file === file)?.object as IApplication;
      return sourceOf(root).directory?.include;
    };
    expect(include('argocd/bootstrap/root-app.yaml')).toBe('{project.yaml,environments.yaml}');
    expect(include('argocd/bootstrap/root-app-kind.yaml')).toBe('{project.yaml,local.yaml}');
  });
});

test('every repoURL and sourceRepos entry in argocd/ names one and the same repository', () => {
  const urls = new Set<string>();
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === 'string' && (key === 'repoURL' || key === 'sourceRepos')) urls.add(value);
    else if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const { object } of objects) walk(object);
  expect([...urls]).toHaveLength(1);
  expect([...urls][0]).toMatch(/^https:\/\/github\.com\/[a-z0-9-]+\/[a-z0-9._-]+\.git$/);
});
