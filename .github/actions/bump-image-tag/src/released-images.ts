// Which images a release of the branch produced. release.yml builds `sha-<commit>` images and
// records each one in the config of every auto-deploy environment (dev, local) on the branch, so
// that history is the record: no other state. Rollback and promote may only choose from it; a
// preview image (its own packages, `pr-<n>-<sha>` tags) or a tag pushed by hand never appears there.
import { releaseTagSchema } from '@gitops-lab/image-reference';
import { configVersions } from './config-history.js';
import type { Git } from './git.js';

/** app → (release tag → the digest recorded with it, when one was). */
export type ReleasedImages = Map<string, Map<string, string | undefined>>;

export async function releasedImages(
  git: Git,
  branch: string,
  autoDeployPaths: string[],
): Promise<ReleasedImages> {
  const ref = `refs/remotes/origin/${branch}`;
  const found = await git.tryRun(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (found.code !== 0) {
    throw new Error(
      `released-only: no ${ref} to read the release history from (check out ${branch} with fetch-depth: 0)`,
    );
  }
  const released: ReleasedImages = new Map();
  for (const path of autoDeployPaths) {
    for await (const images of configVersions(git, ref, path)) {
      for (const [app, { tag, digest }] of images) {
        if (!releaseTagSchema.safeParse(tag).success) continue;
        const tags = released.get(app) ?? new Map<string, string | undefined>();
        // Newest first: keep the newest digest recorded for a tag.
        if (!tags.has(tag) || tags.get(tag) === undefined) tags.set(tag, digest);
        released.set(app, tags);
      }
    }
  }
  return released;
}

/**
 * The digest to deploy with a released tag, or why the image is refused. A digest given by the
 * caller must be the one the release recorded with that tag.
 */
export function releasedDigest(
  released: ReleasedImages,
  branch: string,
  app: string,
  tag: string,
  digest: string | undefined,
): { digest: string | undefined } | { problem: string } {
  const format = releaseTagSchema.safeParse(tag).error?.issues[0]?.message;
  if (format) return { problem: `${format}: only images release.yml built can be deployed here` };
  const tags = released.get(app);
  if (!tags?.has(tag)) {
    return {
      problem: `${tag} was never released on ${branch} (not in the history of an auto-deploy environment's config)`,
    };
  }
  const recorded = tags.get(tag);
  if (digest !== undefined && digest !== recorded) {
    return {
      problem: `${tag}@${digest} is not the digest its release recorded (${recorded ?? 'none'})`,
    };
  }
  return { digest: recorded };
}
