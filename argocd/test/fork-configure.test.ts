// fork:configure through its real interface: the CLI, run in temporary git repositories.
import { join } from 'node:path';
import { loadArgoCdObjects, REPO_ROOT, readYamlDocuments } from './support/repo';
import { createTempFork, runForkConfigure, type TempFork } from './support/temp-fork';

const UPSTREAM = /gitops-lab\/gitops-lab/i;

/** Every string in the fork's Argo CD objects that names a GitHub repository or a GHCR image. */
function repositoryReferences(root: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && /github\.com|ghcr\.io/.test(value)) found.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const { object } of loadArgoCdObjects(root)) walk(object);
  return found;
}

function pullRequestRepository(fork: TempFork): unknown {
  const [previews] = readYamlDocuments(join(fork.root, 'argocd/previews/previews.yaml')) as Array<{
    spec: { generators: Array<{ pullRequest: { github: { owner: string; repo: string } } }> };
  }>;
  const github = previews?.spec.generators[0]?.pullRequest.github;
  return { owner: github?.owner, repo: github?.repo };
}

function configImages(
  fork: TempFork,
  env: string,
): Record<string, { repository: string; tag: string }> {
  const { apps } = JSON.parse(fork.read(`manifests/config/${env}.json`)) as {
    apps: Record<string, { image: { repository: string; tag: string } }>;
  };
  return Object.fromEntries(Object.entries(apps).map(([app, c]) => [app, c.image]));
}

describe('on a fork whose owner has upper-case letters (https remote)', () => {
  let fork: TempFork;
  let first: ReturnType<typeof runForkConfigure>;
  let tagsBefore: Record<string, string>;

  beforeAll(() => {
    fork = createTempFork();
    fork.git('remote', 'add', 'origin', 'https://github.com/Student-Org/My-GitOps-Lab.git');
    tagsBefore = Object.fromEntries(
      ['dev', 'prod', 'local'].flatMap((env) =>
        Object.entries(configImages(fork, env)).map(([app, image]) => [`${env}/${app}`, image.tag]),
      ),
    );
    first = runForkConfigure(fork);
  }, 60_000);
  afterAll(() => fork.remove());

  test('succeeds and says which fork it detected, and from where', () => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Fork: Student-Org/My-GitOps-Lab (from origin remote https://github.com/Student-Org/My-GitOps-Lab.git)',
    );
  });

  test('every repoURL, sourceRepos entry, link and preview image names the fork, in lower case', () => {
    const references = repositoryReferences(fork.root);
    // As many as the original has: none missed, none dropped.
    expect(references).toHaveLength(repositoryReferences(REPO_ROOT).length);
    for (const reference of references) {
      expect(reference).toMatch(/(github\.com|ghcr\.io)\/student-org\/my-gitops-lab(\.git$|\/)/);
    }
    expect(pullRequestRepository(fork)).toEqual({ owner: 'student-org', repo: 'my-gitops-lab' });
  });

  test('no Argo CD YAML file (argocd/, the Helm chart Application) still names the upstream', () => {
    const yamlFiles = Object.keys(fork.snapshot()).filter(
      (path) =>
        (path.startsWith('argocd/') || path.startsWith('manifests/helm/argocd/')) &&
        /\.ya?ml$/.test(path),
    );
    // The previews, monitoring and rollouts folders are there too, not only apps/ and bootstrap/.
    expect(yamlFiles).toEqual(expect.arrayContaining(['argocd/previews/project.yaml']));
    const stillUpstream = yamlFiles.filter((path) => UPSTREAM.test(fork.read(path)));
    expect(stillUpstream).toEqual([]);
  });

  test('every image repository in manifests/config points at the fork, tags untouched', () => {
    for (const env of ['dev', 'prod', 'local']) {
      for (const [app, image] of Object.entries(configImages(fork, env))) {
        expect(image.repository).toBe(`ghcr.io/student-org/my-gitops-lab/${app}`);
        expect(image.tag).toBe(tagsBefore[`${env}/${app}`]);
      }
    }
  });

  test('infra/cdk.json gets the repo URL, and the GitHub name with its case (OIDC is case-sensitive)', () => {
    const { context } = JSON.parse(fork.read('infra/cdk.json')) as {
      context: Record<string, unknown>;
    };
    expect(context.repoUrl).toBe('https://github.com/student-org/my-gitops-lab.git');
    expect(context.githubRepo).toBe('Student-Org/My-GitOps-Lab');
  });

  test('re-synths: the rendered manifests carry the new image repositories', () => {
    expect(fork.read('manifests/dist/dev/images.txt')).toContain(
      'api: ghcr.io/student-org/my-gitops-lab/api:',
    );
    expect(fork.read('manifests/dist/prod/images.txt')).not.toMatch(UPSTREAM);
  });

  test('prints the diff, which changes only the lines naming the repository', () => {
    expect(first.stdout).toContain('diff --git a/argocd/apps/environments.yaml');
    expect(first.stdout).toContain(
      '+        repoURL: https://github.com/student-org/my-gitops-lab.git',
    );
    expect(first.stdout).toContain('diff --git a/manifests/dist/dev/images.txt');
    const changedLines = fork
      .git('diff', '--unified=0', '--no-color')
      .split('\n')
      .filter((line) => /^[-+](?![-+])/.test(line));
    expect(changedLines.length).toBeGreaterThan(0);
    for (const line of changedLines) {
      expect(line).toMatch(/gitops-lab\/gitops-lab|student-org|Student-Org|owner:|repo:/);
    }
  });

  test('a second run changes nothing and says so', () => {
    const before = fork.snapshot();
    const second = runForkConfigure(fork);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Already configured for this fork: nothing changed.');
    expect(fork.snapshot()).toEqual(before);
  }, 30_000);
});

describe.each([
  ['an ssh remote (scp form)', 'git@github.com:Octo-Org/Lab.git'],
  ['an ssh:// remote', 'ssh://git@github.com/Octo-Org/Lab.git'],
  ['an https remote without .git', 'https://github.com/Octo-Org/Lab'],
])('with %s', (_name, remote) => {
  let fork: TempFork;
  beforeAll(() => {
    fork = createTempFork({ withCdkJson: false });
    fork.git('remote', 'add', 'origin', remote);
  });
  afterAll(() => fork.remove());

  test('detects the fork and rewrites everything in lower case', () => {
    const result = runForkConfigure(fork);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Fork: Octo-Org/Lab');
    expect(result.stdout).toContain('Note: infra/cdk.json not found');
    for (const reference of repositoryReferences(fork.root))
      expect(reference).toMatch(/octo-org\/lab/);
    expect(configImages(fork, 'dev').api?.repository).toBe('ghcr.io/octo-org/lab/api');
  }, 30_000);
});

describe('with GITHUB_REPOSITORY set (as in GitHub Actions)', () => {
  let fork: TempFork;
  beforeAll(() => {
    fork = createTempFork();
    fork.git('remote', 'add', 'origin', 'https://github.com/someone-else/elsewhere.git');
  });
  afterAll(() => fork.remove());

  test('it wins over the origin remote', () => {
    const result = runForkConfigure(fork, { GITHUB_REPOSITORY: 'Team-7/Course-Lab' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Fork: Team-7/Course-Lab (from GITHUB_REPOSITORY)');
    expect(configImages(fork, 'prod').frontend?.repository).toBe(
      'ghcr.io/team-7/course-lab/frontend',
    );
  }, 30_000);

  test('a malformed value is an error that names the variable', () => {
    const before = fork.snapshot();
    const result = runForkConfigure(fork, { GITHUB_REPOSITORY: 'not a repository' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('GITHUB_REPOSITORY must be <owner>/<repo>');
    expect(fork.snapshot()).toEqual(before);
  }, 30_000);
});

describe('without a GitHub remote', () => {
  let fork: TempFork;
  beforeAll(() => {
    fork = createTempFork();
  });
  afterAll(() => fork.remove());

  test('no remote at all: a clear error, exit 1, nothing changed', () => {
    const before = fork.snapshot();
    const result = runForkConfigure(fork);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No GitHub remote');
    expect(result.stderr).toContain('git remote add origin https://github.com/<owner>/<repo>.git');
    expect(result.stdout).not.toContain('Changed');
    expect(fork.snapshot()).toEqual(before);
  }, 30_000);

  test('a remote that is not on GitHub: the same clear error, naming the URL', () => {
    fork.git('remote', 'add', 'origin', 'https://gitlab.com/student/gitops-lab.git');
    const before = fork.snapshot();
    const result = runForkConfigure(fork);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'No GitHub remote: origin is "https://gitlab.com/student/gitops-lab.git"',
    );
    expect(fork.snapshot()).toEqual(before);
  }, 30_000);
});

describe('when the re-synth fails', () => {
  let fork: TempFork;
  beforeAll(() => {
    fork = createTempFork({ brokenSynth: true });
    fork.git('remote', 'add', 'origin', 'https://github.com/octo-org/lab.git');
  });
  afterAll(() => fork.remove());

  test('exit 1, with the synth output and what to do next', () => {
    const result = runForkConfigure(fork);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apps.api.replicas must be a number');
    expect(result.stderr).toContain('`npm run synth -w @gitops-lab/manifests` failed');
    expect(result.stdout).not.toContain('Changed');
  }, 30_000);
});
