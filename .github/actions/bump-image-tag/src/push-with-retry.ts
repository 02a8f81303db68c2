// Pushes the bump commit. When someone else pushed first, fetch the new tip, replay the bump on top
// of it and push again, a bounded number of times. The bump is replayed (config edit + synth) rather
// than `git rebase`d, so the rendered files always match the config they were rendered from and two
// bumps of the same environment never conflict.
import type { BumpOutcome } from './apply-bump.js';
import type { Git } from './git.js';

// "! [rejected] … (fetch first | non-fast-forward)" from a moved branch; "[remote rejected] …
// (failed to update ref | cannot lock ref)" from a push racing another push on the server.
const STALE_PUSH = /\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref/;

export interface RetryOptions {
  branch: string;
  maxAttempts: number;
  log: (message: string) => void;
  /** Re-applies the bump on the current HEAD and commits it (applyBump). */
  reapply: () => Promise<BumpOutcome>;
  /** Pause before attempt n+1; injectable so tests stay fast. */
  delayMs?: (attempt: number) => number;
}

export async function pushWithRetry(
  git: Git,
  first: BumpOutcome,
  options: RetryOptions,
): Promise<BumpOutcome> {
  const { branch, maxAttempts, log, reapply } = options;
  const delayMs = options.delayMs ?? defaultDelay;
  let outcome = first;
  for (let attempt = 1; ; attempt += 1) {
    const pushed = await git.tryRunRemote(['push', 'origin', `HEAD:refs/heads/${branch}`]);
    if (pushed.code === 0) {
      log(`pushed ${outcome.commit} to ${branch} (attempt ${attempt}/${maxAttempts})`);
      return outcome;
    }
    if (!STALE_PUSH.test(pushed.stderr)) {
      throw new Error(`git push to ${branch} failed: ${pushed.stderr.trim()}`);
    }
    if (attempt >= maxAttempts) {
      throw new Error(
        `git push to ${branch} was rejected ${attempt} times because the branch kept moving; ` +
          'gave up (serialise bumps with a concurrency group, or raise max-attempts)',
      );
    }
    log(`push rejected (attempt ${attempt}/${maxAttempts}): ${branch} moved, replaying the bump`);
    await new Promise((resolve) => setTimeout(resolve, delayMs(attempt)));
    await git.runRemote(['fetch', '--quiet', 'origin', branch]);
    // Drop our commit, bring in what others pushed, then bump again on the new tip.
    await git.run(['reset', '--quiet', '--hard', 'HEAD~1']);
    const rebased = await git.tryRun(['rebase', 'FETCH_HEAD']);
    if (rebased.code !== 0) {
      await git.tryRun(['rebase', '--abort']);
      throw new Error(
        `local commits before the bump do not rebase onto origin/${branch}: ${rebased.stderr.trim()}`,
      );
    }
    outcome = await reapply();
    if (outcome.changes.length === 0) {
      log(`${branch} already has these tags (pushed by someone else): nothing to push`);
      return outcome;
    }
  }
}

/** Grows with each attempt, with jitter so two racing jobs do not retry in lockstep. */
function defaultDelay(attempt: number): number {
  return attempt * 1000 + Math.floor(Math.random() * 1000);
}
