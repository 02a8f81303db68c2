// Resolves `previous`: the tag an app had before its current one, read from the git history of
// the environment's config file. Rolling back twice therefore returns to the tag rolled back from.
import { configVersions } from './config-history.js';
import type { Git } from './git.js';

export async function previousTag(
  git: Git,
  path: string,
  app: string,
  currentTag: string,
): Promise<string> {
  for await (const images of configVersions(git, 'HEAD', path)) {
    const tag = images.get(app)?.tag;
    if (tag && tag !== currentTag) return tag;
  }
  throw new Error(
    `images: ${app}: no earlier tag than ${currentTag} in the history of ${path}` +
      ' (a shallow clone? check out with fetch-depth: 0)',
  );
}
