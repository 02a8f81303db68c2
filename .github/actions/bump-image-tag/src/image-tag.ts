// Which image tags a deploy may point at. Tags must be immutable: a rebuild must never change what
// a tag means, or git stops describing what runs. `latest` (or any moving name) is refused.

/** The keyword that asks for the tag the app had before its current one (see previous-tag.ts). */
export const PREVIOUS = 'previous';

const SHA_TAG = /^sha-[0-9a-f]{7,40}$/;
// Semantic version as a Docker tag: no `+build` part, because `+` is not allowed in tags.
const SEMVER_TAG = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Returns why `tag` cannot be deployed, or undefined when it is fine. */
export function tagProblem(tag: string): string | undefined {
  if (SHA_TAG.test(tag) || SEMVER_TAG.test(tag) || DIGEST.test(tag)) return undefined;
  if (tag === 'latest') return '"latest" is a moving tag: use sha-<hex>, a semver or a digest';
  return `"${tag}" is not sha-<7..40 hex>, a semver (1.2.3, v1.2.3-rc.1) or sha256:<64 hex>`;
}
