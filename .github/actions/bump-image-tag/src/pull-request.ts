// Pull-request mode: the bump goes to a branch per environment and app set, and one pull request
// per branch is opened, or updated when it is already open (a newer promotion replaces the older).
import type { getOctokit } from '@actions/github';
import { type TagChange, tagAndDigest } from './commit-message.js';

type Octokit = ReturnType<typeof getOctokit>;

export interface PullRequestSpec {
  head: string;
  base: string;
  title: string;
  body: string;
}

export function pullRequestBranch(environments: string[], apps: string[]): string {
  return `deploy/${environments.join('-')}/${[...apps].sort().join('-')}`;
}

export function pullRequestBody(environments: string[], changes: TagChange[]): string {
  const rows = changes.map(
    (c) =>
      `| ${c.app} | ${c.environment} | \`${tagAndDigest(c.oldTag, c.oldDigest)}\` | \`${tagAndDigest(c.newTag, c.newDigest)}\` |`,
  );
  const synced = environments.map((e) => `\`manifests/dist/${e}\``).join(', ');
  return [
    `Deploys to **${environments.join(', ')}**: once merged, Argo CD syncs ${synced}.`,
    '',
    '| app | environment | from | to |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Opened by the bump-image-tag action.',
  ].join('\n');
}

/** Opens the pull request, or updates the open one from the same branch; returns its URL. */
export async function openOrUpdatePullRequest(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  spec: PullRequestSpec,
): Promise<string> {
  const { data: open } = await octokit.rest.pulls.list({
    ...repo,
    state: 'open',
    head: `${repo.owner}:${spec.head}`,
    base: spec.base,
  });
  const existing = open[0];
  if (existing) {
    const { data } = await octokit.rest.pulls.update({
      ...repo,
      pull_number: existing.number,
      title: spec.title,
      body: spec.body,
    });
    return data.html_url;
  }
  const { data } = await octokit.rest.pulls.create({ ...repo, ...spec });
  return data.html_url;
}
