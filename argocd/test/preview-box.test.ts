// The preview box (issue 18): a pull request must not be able to deploy outside its own pr-*
// namespace, loosen its Pod Security, or take over a shared object. The three escapes an outside
// review reproduced are committed on pull-request branches of a throw-away git repository,
// exactly as a PR would carry them (a `transformers:` entry in manifests/dist/dev). Each
// generated Application is then fetched, rendered and checked the way Argo CD does it
// (support/argocd-sync.ts). The setup before the fix (fixtures/previews-before-issue-18.yaml)
// is the negative control: it must let every attack through.
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitTree } from '@gitops-lab/test-support';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import {
  type LiveObject,
  renderDirectory,
  renderFromGit,
  syncRefusals,
} from './support/argocd-sync';
import { type K8sObject, kubectlAvailable } from './support/kustomize';
import { type Params, renderApplications } from './support/render-application-set';
import { ARGOCD_DIR, REPO_ROOT, readYamlDocuments } from './support/repo';

const FIXTURES = join(ARGOCD_DIR, 'test', 'fixtures');
const renderTest = kubectlAvailable ? test : test.skip;

interface Setup {
  readonly projectName: string;
  readonly project: IAppProject['spec'];
  readonly applicationSet: IApplicationSet;
}

function setupFrom(documents: unknown[], projectName: string): Setup {
  const project = documents.find(
    (d) =>
      (d as IAppProject).kind === 'AppProject' && (d as IAppProject).metadata.name === projectName,
  ) as IAppProject | undefined;
  const applicationSet = documents.find((d) => (d as IApplicationSet).kind === 'ApplicationSet') as
    | IApplicationSet
    | undefined;
  if (!project || !applicationSet) throw new Error(`no project ${projectName} or ApplicationSet`);
  return { projectName, project: project.spec, applicationSet };
}

const current = setupFrom(
  [
    ...readYamlDocuments(join(ARGOCD_DIR, 'previews', 'project.yaml')),
    ...readYamlDocuments(join(ARGOCD_DIR, 'previews', 'previews.yaml')),
  ],
  'gitops-lab-previews',
);
const before = setupFrom(
  readYamlDocuments(join(FIXTURES, 'previews-before-issue-18.yaml')),
  'gitops-lab',
);

const ESCAPES = {
  'deployment-into-prod': 'a Deployment lands in gitops-lab-prod',
  'namespace-privileged': 'the preview Namespace is Pod Security privileged',
  'adopt-prod-namespace': 'the shared Namespace gitops-lab-prod is taken over',
} as const;
type Attack = keyof typeof ESCAPES;

/** Whether a render carries the attack through (what the cluster would then hold). */
function carriesAttack(attack: Attack, rendered: K8sObject[]): boolean {
  const labels = (o: K8sObject) => (o.metadata.labels ?? {}) as Record<string, string>;
  switch (attack) {
    case 'deployment-into-prod':
      return rendered.some(
        (o) => o.kind === 'Deployment' && o.metadata.namespace === 'gitops-lab-prod',
      );
    case 'namespace-privileged':
      return rendered.some(
        (o) =>
          o.kind === 'Namespace' &&
          labels(o)['pod-security.kubernetes.io/enforce'] === 'privileged',
      );
    case 'adopt-prod-namespace':
      return rendered.some((o) => o.kind === 'Namespace' && o.metadata.name === 'gitops-lab-prod');
  }
}

const PR_NUMBER = 42;
let gitDir = '';
const headOf: Partial<Record<Attack, string>> = {};
/** What the cluster already runs: everything gitops-lab-prod deployed, tracked by it. */
let prodLive: LiveObject[] = [];

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: gitDir, encoding: 'utf8' }).trim();

beforeAll(() => {
  if (!kubectlAvailable) return;
  // A repository whose default branch holds this tree's manifests/dist/dev, and one pull
  // request branch per attack, each adding its transformer to the kustomization.
  gitDir = mkdtempSync(join(tmpdir(), 'preview-box-'));
  const dev = join(gitDir, 'manifests', 'dist', 'dev');
  cpSync(join(REPO_ROOT, 'manifests', 'dist', 'dev'), dev, { recursive: true });
  commitTree(gitDir, { author: 'Preview Box Test', message: 'default branch' });
  for (const attack of Object.keys(ESCAPES) as Attack[]) {
    git('checkout', '--quiet', '-b', attack, 'main');
    copyFileSync(
      join(FIXTURES, 'hostile-pull-requests', `${attack}.yaml`),
      join(dev, `${attack}.yaml`),
    );
    appendFileSync(join(dev, 'kustomization.yaml'), `transformers:\n  - ${attack}.yaml\n`);
    git('add', '--all');
    git('commit', '--quiet', '--no-verify', '-m', ESCAPES[attack]);
    headOf[attack] = git('rev-parse', 'HEAD');
  }
  git('checkout', '--quiet', 'main');
  prodLive = renderDirectory(join(REPO_ROOT, 'manifests', 'dist', 'prod'), undefined).map((o) => ({
    kind: o.kind,
    name: o.metadata.name,
    namespace: o.kind === 'Namespace' ? undefined : o.metadata.namespace,
    trackedBy: 'gitops-lab-prod',
  }));
});

afterAll(() => {
  if (gitDir) rmSync(gitDir, { recursive: true, force: true });
});

/** The Application the Pull Request generator makes for the attack's PR, rendered by `setup`. */
function previewFor(setup: Setup, attack: Attack): IApplication {
  const head = headOf[attack] ?? '';
  const params: Params = {
    number: String(PR_NUMBER),
    branch: attack,
    branch_slug: attack,
    target_branch: 'main',
    target_branch_slug: 'main',
    head_sha: head,
    head_short_sha: head.slice(0, 8),
    head_short_sha_7: head.slice(0, 7),
    labels: ['preview'],
    author: 'someone',
    title: ESCAPES[attack],
  };
  const [app] = renderApplications(setup.applicationSet, [params]);
  if (!app) throw new Error('the ApplicationSet generated nothing');
  return app;
}

describe.each(Object.entries(ESCAPES) as Array<[Attack, string]>)(
  'a pull request whose transformer means %s',
  (attack, meaning) => {
    renderTest(`the fixture really does it: rendered from the PR's tree, ${meaning}`, () => {
      const app = previewFor(before, attack);
      expect(carriesAttack(attack, renderFromGit(gitDir, app))).toBe(true);
    });

    renderTest(
      'NEGATIVE CONTROL: the setup before the fix syncs it without a single refusal',
      () => {
        const app = previewFor(before, attack);
        const rendered = renderFromGit(gitDir, app);
        expect(carriesAttack(attack, rendered)).toBe(true);
        expect(syncRefusals(before.projectName, before.project, app, rendered, prodLive)).toEqual(
          [],
        );
      },
    );

    renderTest(
      'now: the PR tree is never rendered, so the attack is not in what Argo CD applies',
      () => {
        const app = previewFor(current, attack);
        const rendered = renderFromGit(gitDir, app);
        expect(carriesAttack(attack, rendered)).toBe(false);
        expect(rendered.map((o) => o.kind)).not.toContain('Namespace');
        expect(new Set(rendered.map((o) => o.metadata.namespace))).toEqual(
          new Set([`pr-${PR_NUMBER}`]),
        );
        expect(syncRefusals(current.projectName, current.project, app, rendered, prodLive)).toEqual(
          [],
        );
      },
    );
  },
);

describe('defence in depth: the attack renders against the new project and sync options', () => {
  /** The hostile render as the old setup produced it, synced by the new Application. */
  function refusalsFor(attack: Attack): string[] {
    const hostile = renderFromGit(gitDir, previewFor(before, attack));
    const app = previewFor(current, attack);
    return syncRefusals(current.projectName, current.project, app, hostile, prodLive);
  }

  renderTest('a Deployment in gitops-lab-prod: refused, the project allows pr-* only', () => {
    expect(refusalsFor('deployment-into-prod')).toContain(
      "namespace gitops-lab-prod is not permitted in project 'gitops-lab-previews'",
    );
  });

  renderTest('the shared gitops-lab-prod Namespace: refused by FailOnSharedResource', () => {
    expect(refusalsFor('adopt-prod-namespace')).toContain(
      'Shared resource found: Namespace/gitops-lab-prod is part of applications argocd/gitops-lab-pr-42 and gitops-lab-prod',
    );
  });

  renderTest(
    'a project with no cluster-scoped kind refuses the Namespace, and the one CreateNamespace makes too',
    () => {
      // What "no cluster-scoped kinds at all" would do. Argo CD v3.2 cannot have it together with
      // CreateNamespace (the namespace it creates is checked against the same list) nor restrict
      // the kind by name, so the project keeps Namespace; the default-branch source above is
      // what keeps a Namespace out of every preview render.
      const none = { ...current.project, clusterResourceWhitelist: [] };
      const app = previewFor(current, 'namespace-privileged');
      const hostile = renderFromGit(gitDir, previewFor(before, 'namespace-privileged'));
      expect(syncRefusals(current.projectName, none, app, hostile)).toEqual([
        'resource :Namespace is not permitted in project gitops-lab-previews',
      ]);
      const clean = renderFromGit(gitDir, app);
      expect(syncRefusals(current.projectName, none, app, clean)).toEqual([
        'resource :Namespace is not permitted in project gitops-lab-previews',
      ]);
      expect(syncRefusals(current.projectName, current.project, app, clean)).toEqual([]);
    },
  );
});

test('the fixture of the old setup is the one this change replaced (pr-* in the shared project, PR head rendered)', () => {
  const text = readFileSync(join(FIXTURES, 'previews-before-issue-18.yaml'), 'utf8');
  expect(text).toContain('targetRevision: "{{ .head_sha }}"');
  expect(before.project.destinations?.map((d) => d.namespace)).toContain('gitops-lab-prod');
});
