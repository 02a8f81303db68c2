import type { ImageConfig } from './types.js';

const SHA_TAG = /^sha-[0-9a-f]{7,40}$/;
// Semantic version as a Docker tag (Docker tags cannot hold `+`, so no build metadata).
const SEMVER_TAG = /^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
// ghcr.io/<owner>/<repo>/<app>, lower case as GHCR requires.
const REPOSITORY = /^ghcr\.io\/([a-z0-9][a-z0-9-]*)\/([a-z0-9._-]+)\/([a-z0-9._-]+)$/;
const ANY_REPOSITORY = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/;

/** Why `tag` is not an immutable image reference, or undefined when it is. */
export function tagProblem(tag: string): string | undefined {
  if (tag === 'latest') return '"latest" is mutable: use sha-<hex>, a semver tag or a digest';
  if (SHA_TAG.test(tag) || SEMVER_TAG.test(tag) || DIGEST.test(tag)) return undefined;
  return `"${tag}" is not sha-<7..40 hex>, a semver tag (1.2.3) or a digest (sha256:<64 hex>)`;
}

/** Why `repository` is not a lower-case image repository, or undefined when it is. */
export function repositoryProblem(repository: string): string | undefined {
  if (ANY_REPOSITORY.test(repository)) return undefined;
  return `"${repository}" is not a lower-case image repository like ghcr.io/<owner>/<repo>/<app>`;
}

/** `repository:tag`, or `repository@sha256:...` when the tag is a digest. */
export function imageReference(image: ImageConfig): string {
  const separator = DIGEST.test(image.tag) ? '@' : ':';
  return `${image.repository}${separator}${image.tag}`;
}

/** `<owner>/<repo>` from `ghcr.io/<owner>/<repo>/<app>`; undefined for other registries. */
export function githubRepository(repository: string): string | undefined {
  const match = REPOSITORY.exec(repository);
  return match ? `${match[1]}/${match[2]}` : undefined;
}
