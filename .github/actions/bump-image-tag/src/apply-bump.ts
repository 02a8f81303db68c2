// One bump on the current checkout: edit every environment's config, re-render the manifests once,
// commit just those files. Pushing (with retries) or opening a pull request happens afterwards
// (run.ts).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitMessage, type TagChange } from './commit-message.js';
import { readConfig, setImage } from './config-file.js';
import type { Git } from './git.js';
import { type BumpRequest, PREVIOUS } from './inputs.js';
import { committedPaths, configPath } from './layout.js';
import { previousTag } from './previous-tag.js';
import { type ReleasedImages, releasedDigest } from './released-images.js';

export interface BumpOutcome {
  /** Only the apps whose image really changed. Empty: already deployed, nothing committed. */
  changes: TagChange[];
  /** The new commit's SHA, or '' when nothing changed. */
  commit: string;
}

export interface BumpContext {
  git: Git;
  repoRoot: string;
  /** The branch whose history holds the released images. */
  branch: string;
  /** Set when only released images may be deployed (rollback, promote). */
  released: ReleasedImages | undefined;
  log: (message: string) => void;
}

export async function applyBump(context: BumpContext, request: BumpRequest): Promise<BumpOutcome> {
  const { git, repoRoot, log } = context;
  const changes: TagChange[] = [];
  const edited = new Map<string, string>();
  const refused: string[] = [];
  for (const environment of request.environments) {
    const path = configPath(environment);
    let text = readFileSync(join(repoRoot, path), 'utf8');
    const images = readConfig(text, path).images;
    for (const requested of request.images) {
      const { app } = requested;
      const current = images.get(app);
      if (!current) throw new Error(`images: unknown app "${app}" in ${path}`);
      const tag =
        requested.tag === PREVIOUS ? await previousTag(git, path, app, current.tag) : requested.tag;
      let digest = requested.digest;
      if (context.released) {
        const checked = releasedDigest(context.released, context.branch, app, tag, digest);
        if ('problem' in checked) {
          refused.push(`images: ${app}: ${checked.problem}`);
          continue;
        }
        digest = checked.digest;
      }
      if (tag === current.tag && digest === current.digest) {
        log(`${app} is already at ${tag} in ${environment}`);
        continue;
      }
      changes.push({
        environment,
        app,
        repository: current.repository,
        oldTag: current.tag,
        ...(current.digest ? { oldDigest: current.digest } : {}),
        newTag: tag,
        ...(digest ? { newDigest: digest } : {}),
      });
      text = setImage(text, app, { tag, digest });
    }
    edited.set(path, text);
  }
  if (refused.length > 0) {
    throw new Error(
      `Refused (rollback and promote deploy only images a release built):\n${[...new Set(refused)].map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  if (changes.length === 0) return { changes, commit: '' };

  for (const [path, text] of edited) writeFileSync(join(repoRoot, path), text);
  await runSynth(request.synthCommand, repoRoot);
  const paths = committedPaths(repoRoot, request.environments);
  await git.run(['add', '--all', '--', ...paths]);
  const { name, email } = request.author;
  // `commit -- <paths>` commits only these paths, even if the job staged something else. The
  // identity goes in the environment, which wins over any GIT_AUTHOR_*/GIT_COMMITTER_* of the job.
  await git.run(
    ['commit', '--no-verify', '-m', commitMessage(changes, request.skipCi), '--', ...paths],
    {
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
    },
  );
  const commit = (await git.run(['rev-parse', 'HEAD'])).trim();
  return { changes, commit };
}

/**
 * Re-renders manifests/dist (and helm) from the edited config with the repository's own tool. The
 * synth runs the repository's code: it gets the job's environment without the action's inputs, so
 * the token never reaches it.
 */
function runSynth(command: string, cwd: string): Promise<void> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('INPUT_')),
  );
  return new Promise((resolve, reject) => {
    // stdout of the action is the job log: let the synth's output show there.
    const child = spawn('sh', ['-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`synth-command "${command}" failed (${signal ?? `exit ${code}`})`));
    });
  });
}
