import {
  imageRepository,
  parseGitHubRemote,
  parseRepositorySlug,
  repoUrl,
  resolveForkIdentity,
} from '../src/fork-identity';

describe('parseGitHubRemote', () => {
  test.each([
    ['https://github.com/Octo-Org/Lab.git', 'Octo-Org', 'Lab'],
    ['https://github.com/Octo-Org/Lab', 'Octo-Org', 'Lab'],
    ['https://github.com/octo-org/lab/', 'octo-org', 'lab'],
    ['https://student@github.com/octo-org/lab.git', 'octo-org', 'lab'],
    ['http://github.com/octo-org/lab.git', 'octo-org', 'lab'],
    ['git@github.com:Octo-Org/Lab.git', 'Octo-Org', 'Lab'],
    ['git@github.com:octo-org/lab', 'octo-org', 'lab'],
    ['ssh://git@github.com/octo-org/lab.git', 'octo-org', 'lab'],
    ['ssh://git@github.com:22/octo-org/lab.git', 'octo-org', 'lab'],
    ['https://github.com/octo-org/my.lab.git', 'octo-org', 'my.lab'],
    ['https://github.com/octo-org/gitops_lab-2.git', 'octo-org', 'gitops_lab-2'],
  ])('%s is %s/%s', (url, owner, repo) => {
    expect(parseGitHubRemote(url)).toEqual({ owner, repo });
  });

  test.each([
    'https://gitlab.com/octo-org/lab.git',
    'https://github.com.evil.example/octo-org/lab.git',
    'git@gitlab.com:octo-org/lab.git',
    'https://github.com/octo-org',
    'https://github.com/octo-org/lab/tree/main',
    'https://github.com/-octo/lab.git',
    '/home/student/lab',
    '',
  ])('%s is not a GitHub repository', (url) => {
    expect(parseGitHubRemote(url)).toBeUndefined();
  });
});

describe('parseRepositorySlug (GITHUB_REPOSITORY)', () => {
  test('owner/repo', () => {
    expect(parseRepositorySlug('Octo-Org/Lab')).toEqual({ owner: 'Octo-Org', repo: 'Lab' });
  });
  test.each([
    'octo-org',
    'octo-org/lab/extra',
    'octo org/lab',
    'octo-org/..',
    'https://github.com/o/r',
  ])('%s is refused', (slug) => {
    expect(parseRepositorySlug(slug)).toBeUndefined();
  });
});

describe('names derived from the fork', () => {
  const fork = resolveForkIdentity(undefined, 'git@github.com:Octo-Org/GitOps-Lab.git');

  test('repoURL and image repositories are lower case; the identity keeps GitHub spelling', () => {
    expect(fork).toMatchObject({ owner: 'Octo-Org', repo: 'GitOps-Lab' });
    expect(repoUrl(fork)).toBe('https://github.com/octo-org/gitops-lab.git');
    expect(imageRepository(fork, 'api')).toBe('ghcr.io/octo-org/gitops-lab/api');
  });

  test('an empty GITHUB_REPOSITORY counts as unset', () => {
    expect(resolveForkIdentity('  ', 'https://github.com/a/b.git')).toMatchObject({
      owner: 'a',
      repo: 'b',
    });
  });
});
