// The versions an environment's config file had, newest first, read from git: "previous" and the
// released-images check both look back through them instead of keeping any state of their own.
import { type AppImage, readConfig } from './config-file.js';
import type { Git } from './git.js';

/** Each commit's image per app, from `ref`'s history of `path`, newest first. */
export async function* configVersions(
  git: Git,
  ref: string,
  path: string,
): AsyncGenerator<Map<string, AppImage>> {
  const commits = (await git.run(['log', '--format=%H', ref, '--', path]))
    .split('\n')
    .filter(Boolean);
  for (const commit of commits) {
    const shown = await git.tryRun(['show', `${commit}:${path}`]);
    // The file may have been deleted or broken in some commit: skip that one.
    if (shown.code !== 0) continue;
    try {
      yield readConfig(shown.stdout, `${path}@${commit}`).images;
    } catch {}
  }
}
