// Which GitHub repository this checkout is: the fork's owner and name, from GITHUB_REPOSITORY
// (set in GitHub Actions) or from the `origin` remote URL (a student's clone).

export interface ForkIdentity {
  /** As GitHub spells it (case kept: GitHub's OIDC `sub` claim, and so AWS trust policies, are case-sensitive). */
  readonly owner: string;
  readonly repo: string;
  /** Where the identity came from, for the message the CLI prints. */
  readonly source: string;
}

export class ForkIdentityError extends Error {}

// GitHub's own rules: owners are letters, digits and single hyphens; repository names also
// allow `.` and `_`.
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}';
const REPO = '[A-Za-z0-9._-]+';
const SLUG = new RegExp(`^(${OWNER})/(${REPO})$`);
// Lazy, so that a trailing `.git` is not taken as part of the name.
const REPO_IN_URL = '[A-Za-z0-9._-]+?';

// https://github.com/o/r(.git), https://user@github.com/o/r, git@github.com:o/r(.git),
// ssh://git@github.com(:22)/o/r(.git), git://github.com/o/r; an optional trailing slash.
const REMOTE_FORMS = [
  new RegExp(`^https?://(?:[^@/]+@)?github\\.com/(${OWNER})/(${REPO_IN_URL})(?:\\.git)?/?$`, 'i'),
  new RegExp(`^(?:[A-Za-z0-9_.-]+@)?github\\.com:(${OWNER})/(${REPO_IN_URL})(?:\\.git)?/?$`, 'i'),
  new RegExp(
    `^(?:ssh|git)://(?:[^@/]+@)?github\\.com(?::\\d+)?/(${OWNER})/(${REPO_IN_URL})(?:\\.git)?/?$`,
    'i',
  ),
];

/** Parses `<owner>/<repo>` as GitHub Actions sets it in GITHUB_REPOSITORY. */
export function parseRepositorySlug(slug: string): { owner: string; repo: string } | undefined {
  const match = SLUG.exec(slug.trim());
  if (!match?.[1] || !match[2] || isDotName(match[2])) return undefined;
  return { owner: match[1], repo: match[2] };
}

/** Parses a GitHub remote URL in any of the forms git accepts; undefined for anything else. */
export function parseGitHubRemote(url: string): { owner: string; repo: string } | undefined {
  for (const form of REMOTE_FORMS) {
    const match = form.exec(url.trim());
    if (match?.[1] && match[2] && !isDotName(match[2])) return { owner: match[1], repo: match[2] };
  }
  return undefined;
}

function isDotName(repo: string): boolean {
  return repo === '.' || repo === '..';
}

/**
 * GITHUB_REPOSITORY wins when it is set (in GitHub Actions it is the truth); otherwise the
 * origin remote. `originUrl` is undefined when there is no origin remote.
 */
export function resolveForkIdentity(
  githubRepository: string | undefined,
  originUrl: string | undefined,
): ForkIdentity {
  if (githubRepository !== undefined && githubRepository.trim() !== '') {
    const parsed = parseRepositorySlug(githubRepository);
    if (!parsed) {
      throw new ForkIdentityError(
        `GITHUB_REPOSITORY must be <owner>/<repo> (for example octo-org/gitops-lab), got "${githubRepository}".`,
      );
    }
    return { ...parsed, source: 'GITHUB_REPOSITORY' };
  }
  if (originUrl === undefined) {
    throw new ForkIdentityError(
      [
        'No GitHub remote: this clone has no `origin` remote, so the fork cannot be detected.',
        'Add the remote of your fork, then run this again:',
        '  git remote add origin https://github.com/<owner>/<repo>.git',
        'or name the fork explicitly: GITHUB_REPOSITORY=<owner>/<repo> npm run fork:configure',
      ].join('\n'),
    );
  }
  const parsed = parseGitHubRemote(originUrl);
  if (!parsed) {
    throw new ForkIdentityError(
      [
        `No GitHub remote: origin is "${originUrl}", which is not a github.com repository URL.`,
        'Point origin at your fork on GitHub (https or ssh form), then run this again:',
        '  git remote set-url origin https://github.com/<owner>/<repo>.git',
        'or name the fork explicitly: GITHUB_REPOSITORY=<owner>/<repo> npm run fork:configure',
      ].join('\n'),
    );
  }
  return { ...parsed, source: `origin remote ${originUrl}` };
}

/** The Argo CD repoURL of the fork (lower case, like every name we derive). */
export function repoUrl(fork: ForkIdentity): string {
  return `https://github.com/${fork.owner}/${fork.repo}.git`.toLowerCase();
}

/** GHCR rejects upper case: `ghcr.io/<owner>/<repo>/<app>`, all lower case. */
export function imageRepository(fork: ForkIdentity, app: string): string {
  return `ghcr.io/${fork.owner}/${fork.repo}/${app}`.toLowerCase();
}
