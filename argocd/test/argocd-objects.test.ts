// The Argo CD objects in argocd/: valid against the CRD schemas, and what they generate is
// deployable: every source path exists and renders, and the projects permit every
// destination and every kind that gets rendered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Application,
  ApplicationSet,
  AppProject,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { apiGroup, destinationPermitted, globMatch, kindPermitted } from './support/app-project';
import { renderDirectory, sourceOf, syncRefusals } from './support/argocd-sync';
import { type K8sObject, kubectlAvailable } from './support/kustomize';
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
const previewProject = named<IAppProject>('AppProject', 'gitops-lab-previews').spec;
const projects: Record<string, IAppProject['spec']> = {
  'gitops-lab': project,
  'gitops-lab-previews': previewProject,
};
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
    expect(unknownFieldProblems([{ object: misspelt }])).toEqual([
      expect.stringContaining('.spec.syncPolicy.automated.selfheal: unknown field'),
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
      .filter((file) => file.endsWith('.json') && file !== 'schema.json')
      .map((file) => `manifests/dist/${file.replace(/\.json$/, '')}`);
    const deployed = [...environmentApps, localApp].map((a) => sourceOf(a).path);
    expect(deployed.sort()).toEqual(envs.sort());
  });

  test.each(deployingApps.map((a) => [a.metadata.name, a] as const))(
    '%s: its source is this repository, its destination is allowed by its project',
    (_name, a) => {
      const own = projects[a.spec.project];
      expect(own).toBeDefined();
      expect(own?.sourceRepos).toContain(sourceOf(a).repoURL);
      expect(own && destinationPermitted(own, a.spec.destination)).toBe(true);
    },
  );

  test('the environments run in gitops-lab, the previews in gitops-lab-previews', () => {
    expect([...environmentApps, localApp].map((a) => a.spec.project)).toEqual([
      'gitops-lab',
      'gitops-lab',
      'gitops-lab',
    ]);
    expect(previewApps.map((a) => a.spec.project)).toEqual(['gitops-lab-previews']);
  });

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

  test('gitops-lab permits no other destination than the three lab namespaces', () => {
    expect(project.destinations?.map((d) => d.namespace)).toEqual([
      'gitops-lab-dev',
      'gitops-lab-prod',
      'gitops-lab-local',
    ]);
    const kubeSystem = { server: 'https://kubernetes.default.svc', namespace: 'kube-system' };
    expect(destinationPermitted(project, kubeSystem)).toBe(false);
    expect(project.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  });
});

const renderTest = kubectlAvailable ? test : test.skip;

/** Renders an Application's source from this working tree, like Argo CD's repo server. */
const renderSource = (a: IApplication): K8sObject[] =>
  renderDirectory(join(REPO_ROOT, sourceOf(a).path ?? ''), sourceOf(a).kustomize);

type DeploymentObject = K8sObject & {
  spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } };
};

describe('what each Application renders (kubectl kustomize)', () => {
  renderTest.each(deployingApps.map((a) => [a.metadata.name, a] as const))(
    '%s: every object lands in the destination namespace and Argo CD would sync all of it',
    (_name, a) => {
      const rendered = renderSource(a);
      const namespace = a.spec.destination.namespace;
      expect(rendered.length).toBeGreaterThan(0);
      for (const object of rendered) {
        const what = `${apiGroup(object.apiVersion)}/${object.kind} ${object.metadata.name}`;
        if (object.kind === 'Namespace') expect(object.metadata.name).toBe(namespace);
        else expect(`${what} in ${object.metadata.namespace}`).toBe(`${what} in ${namespace}`);
      }
      const own = projects[a.spec.project] ?? {};
      expect(syncRefusals(a.spec.project, own, a, rendered)).toEqual([]);
    },
  );

  renderTest('gitops-lab permits exactly the namespaced kinds the environments use', () => {
    const used = new Set(
      [...environmentApps, localApp]
        .flatMap((a) => renderSource(a))
        .filter((o) => o.kind !== 'Namespace')
        .map((o) => `${apiGroup(o.apiVersion)}/${o.kind}`),
    );
    const permitted = (project.namespaceResourceWhitelist ?? []).map((e) => `${e.group}/${e.kind}`);
    expect(permitted.sort()).toEqual([...used].sort());
  });

  renderTest('gitops-lab-previews permits exactly the namespaced kinds a preview uses', () => {
    const used = new Set(
      previewApps.flatMap((a) => renderSource(a)).map((o) => `${apiGroup(o.apiVersion)}/${o.kind}`),
    );
    const permitted = (previewProject.namespaceResourceWhitelist ?? []).map(
      (e) => `${e.group}/${e.kind}`,
    );
    expect(permitted.sort()).toEqual([...used].sort());
  });

  renderTest(
    'a preview runs the PR head images from the preview packages, one replica each, no Ingress, HPA, PDB or Namespace',
    () => {
      const [preview] = previewApps;
      if (!preview) throw new Error('the preview ApplicationSet generated nothing');
      const rendered = renderSource(preview);
      const kinds = rendered.map((o) => o.kind);
      for (const absent of [
        'Ingress',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Namespace',
      ]) {
        expect(kinds).not.toContain(absent);
      }
      const config = JSON.parse(
        readFileSync(join(REPO_ROOT, 'manifests/config/dev.json'), 'utf8'),
      ) as { apps: Record<string, { image: { repository: string } }> };
      for (const name of ['api', 'frontend']) {
        const deployment = rendered.find(
          (o) => o.kind === 'Deployment' && o.metadata.name === name,
        ) as DeploymentObject | undefined;
        expect(deployment?.spec.replicas).toBe(1);
        const images = deployment?.spec.template.spec.containers.map((c) => c.image);
        // ghcr.io/<owner>/<repo>/<app> → ghcr.io/<owner>/<repo>/preview/<app>: the contract
        // with .github/workflows/preview.yml, which pushes exactly this name and tag.
        const release = config.apps[name]?.image.repository ?? '';
        const previewRepository = release.replace(/\/([^/]+)$/, '/preview/$1');
        expect(images).toEqual([`${previewRepository}:pr-42-${PULL_REQUEST_PARAMS.head_sha}`]);
      }
    },
  );
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

  test('deploys PR 42 into pr-42 from the DEFAULT branch, auto-synced', () => {
    expect(preview?.metadata.name).toBe('gitops-lab-pr-42');
    expect(preview?.spec.destination.namespace).toBe('pr-42');
    expect(preview && sourceOf(preview).targetRevision).toBe('HEAD');
    expect(preview?.spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
    expect(globMatch('pr-*', 'pr-42')).toBe(true);
  });

  test('only the images depend on the pull request: everything else is the same for every PR', () => {
    const other = renderApplications(previewSet, [
      { ...PULL_REQUEST_PARAMS, number: '7', head_sha: 'f'.repeat(40), branch: 'x', title: 'y' },
    ])[0];
    const normalise = (a: IApplication | undefined, number: string, sha: string) =>
      JSON.parse(JSON.stringify(a).replaceAll(sha, '<sha>').replaceAll(number, '<n>'));
    expect(normalise(other, '7', 'f'.repeat(40))).toEqual(
      normalise(preview, '42', PULL_REQUEST_PARAMS.head_sha as string),
    );
  });

  test('the namespace Argo CD creates is Pod Security restricted; shared objects fail the sync', () => {
    expect(preview?.spec.syncPolicy?.syncOptions).toEqual([
      'CreateNamespace=true',
      'FailOnSharedResource=true',
    ]);
    expect(preview?.spec.syncPolicy?.managedNamespaceMetadata?.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('gitops-lab-previews: pr-* only, no other cluster-scoped kind than the created Namespace', () => {
    expect(previewProject.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'pr-*' },
    ]);
    expect(previewProject.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    for (const namespace of ['gitops-lab-dev', 'gitops-lab-prod', 'argocd', 'kube-system']) {
      const destination = { server: 'https://kubernetes.default.svc', namespace };
      expect(`${namespace}: ${destinationPermitted(previewProject, destination)}`).toBe(
        `${namespace}: false`,
      );
    }
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
