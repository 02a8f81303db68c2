// The whole bump, once inputs are valid: apply it, then push (with retries) or open a pull request.
import { applyBump, type BumpContext } from './apply-bump.js';
import { commitSubject, type TagChange } from './commit-message.js';
import type { Git } from './git.js';
import type { BumpRequest } from './inputs.js';
import { configPath, readEnvironments } from './layout.js';
import { type PullRequestSpec, pullRequestBody, pullRequestBranch } from './pull-request.js';
import { pushWithRetry } from './push-with-retry.js';
import { releasedImages } from './released-images.js';

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
  const context: BumpContext = {
    git,
    repoRoot,
    branch,
    log,
    released: request.releasedOnly
      ? await releasedImages(git, branch, autoDeployPaths(repoRoot))
      : undefined,
  };

  const first = await applyBump(context, request);
  if (first.changes.length === 0) {
    return { changed: false, commit: '', pullRequestUrl: '', changes: [] };
  }

  if (request.mode === 'push') {
    const pushed = await pushWithRetry(git, first, {
      branch,
      maxAttempts: request.maxAttempts,
      log,
      reapply: () => applyBump(context, request),
    });
    return {
      changed: pushed.changes.length > 0,
      commit: pushed.commit,
      pullRequestUrl: '',
      changes: pushed.changes,
    };
  }

  const head = pullRequestBranch(
    request.environments,
    request.images.map((i) => i.app),
  );
  // The branch belongs to this action: it is rebuilt from the base on every run.
  await git.runRemote(['push', '--force', 'origin', `HEAD:refs/heads/${head}`]);
  const pullRequestUrl = await deps.openPullRequest({
    head,
    base: branch,
    title: commitSubject(first.changes),
    body: pullRequestBody(request.environments, first.changes),
  });
  log(`pull request: ${pullRequestUrl}`);
  return { changed: true, commit: first.commit, pullRequestUrl, changes: first.changes };
}

/** The config files of the environments a release deploys to by itself (`"autoDeploy": true`). */
function autoDeployPaths(repoRoot: string): string[] {
  return [...readEnvironments(repoRoot)]
    .filter(([, config]) => config.autoDeploy)
    .map(([environment]) => configPath(environment));
}

async function currentBranch(git: Git): Promise<string> {
  const result = await git.tryRun(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (result.code !== 0) throw new Error('branch: HEAD is detached, set the branch input');
  return result.stdout.trim();
}
