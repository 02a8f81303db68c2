// One bump on the current checkout: edit the config, re-render the manifests, commit just those
// files. Pushing (with retries) or opening a pull request happens afterwards (run.ts).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitMessage, type TagChange } from './commit-message.js';
import { readAppImages, setImageTag } from './config-file.js';
import type { Git } from './git.js';
import { PREVIOUS } from './image-tag.js';
import type { BumpRequest } from './inputs.js';
import { committedPaths, configPath } from './layout.js';
import { previousTag } from './previous-tag.js';

export interface BumpOutcome {
  /** Only the apps whose tag really changed. Empty: already deployed, nothing committed. */
  changes: TagChange[];
  /** The new commit's SHA, or '' when nothing changed. */
  commit: string;
}

export async function applyBump(
  git: Git,
  repoRoot: string,
  request: BumpRequest,
  log: (message: string) => void,
): Promise<BumpOutcome> {
  const path = configPath(request.environment);
  const file = join(repoRoot, path);
  let text = readFileSync(file, 'utf8');
  const images = readAppImages(text, path);
  const changes: TagChange[] = [];
  for (const { app, tag } of request.images) {
    const current = images.get(app);
    if (!current) throw new Error(`images: unknown app "${app}" in ${path}`);
    const newTag = tag === PREVIOUS ? await previousTag(git, path, app, current.tag) : tag;
    if (newTag === current.tag) {
      log(`${app} is already at ${newTag} in ${request.environment}`);
      continue;
    }
    changes.push({ app, repository: current.repository, oldTag: current.tag, newTag });
    text = setImageTag(text, app, newTag);
  }
  if (changes.length === 0) return { changes, commit: '' };

  writeFileSync(file, text);
  await runSynth(request.synthCommand, repoRoot);
  const paths = committedPaths(repoRoot, request.environment);
  await git.run(['add', '--all', '--', ...paths]);
  const { name, email } = request.author;
  // `commit -- <paths>` commits only these paths, even if the job staged something else. The
  // identity goes in the environment, which wins over any GIT_AUTHOR_*/GIT_COMMITTER_* of the job.
  await git.run(
    [
      'commit',
      '--no-verify',
      '-m',
      commitMessage(request.environment, changes, request.skipCi),
      '--',
      ...paths,
    ],
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

/** Re-renders manifests/dist (and helm) from the edited config with the repository's own tool. */
function runSynth(command: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdout of the action is the job log: let the synth's output show there.
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`synth-command "${command}" failed (${signal ?? `exit ${code}`})`));
    });
  });
}
