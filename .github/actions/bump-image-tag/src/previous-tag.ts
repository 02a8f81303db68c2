// Resolves `previous`: the tag an app had before its current one, read from the git history of
// the environment's config file. Rolling back twice therefore returns to the tag rolled back from.
import { readAppImages } from './config-file.js';
import type { Git } from './git.js';

export async function previousTag(
  git: Git,
  path: string,
  app: string,
  currentTag: string,
): Promise<string> {
  const commits = (await git.run(['log', '--format=%H', '--', path])).split('\n').filter(Boolean);
  for (const commit of commits) {
    const shown = await git.tryRun(['show', `${commit}:${path}`]);
    // The file may have been deleted or broken in some commit: skip that one.
    if (shown.code !== 0) continue;
    let tag: string | undefined;
    try {
      tag = readAppImages(shown.stdout, `${path}@${commit}`).get(app)?.tag;
    } catch {
      continue;
    }
    if (tag && tag !== currentTag) return tag;
  }
  throw new Error(
    `images: ${app}: no earlier tag than ${currentTag} in the history of ${path}` +
      ' (a shallow clone? check out with fetch-depth: 0)',
  );
}
