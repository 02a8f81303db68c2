// What an image reference that may be deployed looks like. Tags must be immutable: a rebuild must
// never change what a tag means, or git stops describing what runs. `latest` (or any moving name)
// is refused. The manifests config and the bump-image-tag action both import these schemas.
import { z } from 'zod';

const SHA_TAG = /^sha-[0-9a-f]{7,40}$/;
// Semantic version as a Docker tag: no `+build` part, because `+` is not allowed in tags.
const SEMVER_TAG = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REPOSITORY = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/;

export const imageTagSchema = z
  .string()
  .refine((tag) => SHA_TAG.test(tag) || SEMVER_TAG.test(tag), {
    error: (issue) =>
      issue.input === 'latest'
        ? '"latest" is a moving tag: use sha-<hex> or a semver tag'
        : `"${String(issue.input)}" is not sha-<7..40 hex> or a semver tag (1.2.3, v1.2.3-rc.1)`,
  });

export const imageDigestSchema = z
  .string()
  .regex(DIGEST, { error: (issue) => `"${String(issue.input)}" is not sha256:<64 hex>` });

export const imageRepositorySchema = z.string().regex(REPOSITORY, {
  error: (issue) =>
    `"${String(issue.input)}" is not a lower-case image repository like ghcr.io/<owner>/<repo>/<app>`,
});

export type ImageTag = z.infer<typeof imageTagSchema>;
