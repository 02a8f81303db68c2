// The whole bump, once inputs are valid: apply it, then push (with retries) or open a pull request.
import { applyBump } from './apply-bump.js';
import type { TagChange } from './commit-message.js';
import { commitSubject } from './commit-message.js';
import type { Git } from './git.js';
import type { BumpRequest } from './inputs.js';
import { type PullRequestSpec, pullRequestBody, pullRequestBranch } from './pull-request.js';
import { pushWithRetry } from './push-with-retry.js';

export interface RunDeps {
  git: Git;
  repoRoot: string;
  log: (message: string) => void;
  openPullRequest: (spec: PullRequestSpec) => Promise<string>;
}

export interface RunOutcome {
  changed: boolean;
  commit: string;
  pullRequestUrl: string;
  changes: TagChange[];
}

export async function runBump(request: BumpRequest, deps: RunDeps): Promise<RunOutcome> {
  const { git, repoRoot, log } = deps;
  const branch = request.branch || (await currentBranch(git));
  const status = await git.run(['status', '--porcelain', '--', 'manifests']);
  if (status.trim()) {
    throw new Error(
      `uncommitted changes under manifests/ would be mixed into the bump:\n${status}`,
    );
  }

  const first = await applyBump(git, repoRoot, request, log);
  if (first.changes.length === 0) {
    return { changed: false, commit: '', pullRequestUrl: '', changes: [] };
  }

  if (request.mode === 'push') {
    const pushed = await pushWithRetry(git, first, {
      branch,
      maxAttempts: request.maxAttempts,
      log,
      reapply: () => applyBump(git, repoRoot, request, log),
    });
    return {
      changed: pushed.changes.length > 0,
      commit: pushed.commit,
      pullRequestUrl: '',
      changes: pushed.changes,
    };
  }

  const head = pullRequestBranch(
    request.environment,
    request.images.map((i) => i.app),
  );
  // The branch belongs to this action: it is rebuilt from the base on every run.
  await git.run(['push', '--force', 'origin', `HEAD:refs/heads/${head}`]);
  const pullRequestUrl = await deps.openPullRequest({
    head,
    base: branch,
    title: commitSubject(request.environment, first.changes),
    body: pullRequestBody(request.environment, first.changes),
  });
  log(`pull request: ${pullRequestUrl}`);
  return { changed: true, commit: first.commit, pullRequestUrl, changes: first.changes };
}

async function currentBranch(git: Git): Promise<string> {
  const result = await git.tryRun(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (result.code !== 0) throw new Error('branch: HEAD is detached, set the branch input');
  return result.stdout.trim();
}
