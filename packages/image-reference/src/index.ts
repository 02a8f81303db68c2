// What an image reference that may be deployed looks like: the one definition, imported by the
// manifests config and bundled into the bump-image-tag action.
//
// Tags must be immutable: a rebuild must never change what a tag means, or git stops describing
// what runs. release.yml tags every image it builds `sha-<the full 40-hex commit>` of the default
// branch; preview images live in other packages (…/preview/<app>) with `pr-<n>-<sha>` tags, so they
// can never be mistaken for a release. `latest`, a short SHA or any other moving name is refused.
import { z } from 'zod';

const RELEASE_TAG = /^sha-[0-9a-f]{40}$/;
// Semantic version 2.0.0 as a Docker tag: no `+build` part (`+` is not allowed in a tag); each
// pre-release identifier is alphanumeric or a number without a leading zero.
const PRERELEASE_ID = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const SEMVER_TAG = new RegExp(
  `^v?(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*)?$`,
);
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REPOSITORY = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/;

/** The tag release.yml gives the images of one commit: `sha-` and the commit's full SHA. */
export const releaseTagSchema = z.string().regex(RELEASE_TAG, {
  error: (issue) => `"${String(issue.input)}" is not sha-<40 hex> (a full commit SHA)`,
});

/** A tag a config file may hold: a release tag, or a semver someone tagged by hand (0.1.0). */
export const imageTagSchema = z
  .string()
  .refine((tag) => RELEASE_TAG.test(tag) || SEMVER_TAG.test(tag), {
    error: (issue) =>
      issue.input === 'latest'
        ? '"latest" is a moving tag: use sha-<40 hex> or a semver tag'
        : `"${String(issue.input)}" is not sha-<40 hex> (a full commit SHA) or a semver tag (1.2.3, v1.2.3-rc.1)`,
  });

/** The content address of an image (its index, for a multi-arch image). */
export const imageDigestSchema = z
  .string()
  .regex(DIGEST, { error: (issue) => `"${String(issue.input)}" is not sha256:<64 hex>` });

export const imageRepositorySchema = z.string().regex(REPOSITORY, {
  error: (issue) =>
    `"${String(issue.input)}" is not a lower-case image repository like ghcr.io/<owner>/<repo>/<app>`,
});

export type ImageTag = z.infer<typeof imageTagSchema>;
export type ImageDigest = z.infer<typeof imageDigestSchema>;
