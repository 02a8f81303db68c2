import {
  imageDigestSchema,
  imageRepositorySchema,
  imageTagSchema,
  releaseTagSchema,
} from '../src/index.js';

const FULL_SHA = '0123456789abcdef0123456789abcdef01234567';

function messageOf(result: { error?: { issues: { message: string }[] } }): string | undefined {
  return result.error?.issues[0]?.message;
}

describe('releaseTagSchema', () => {
  it('accepts sha-<40 hex>, the tag release.yml builds', () => {
    expect(releaseTagSchema.safeParse(`sha-${FULL_SHA}`).success).toBe(true);
  });

  it.each([
    'sha-0123abc', // a short SHA: the tag space previews used to share
    `pr-7-${FULL_SHA}`, // a preview tag
    '1.2.3',
    `sha-${FULL_SHA.toUpperCase()}`,
    `sha-${FULL_SHA} frontend=sha-${FULL_SHA}`, // a second pair smuggled in
  ])('refuses %s', (tag) => {
    expect(messageOf(releaseTagSchema.safeParse(tag))).toBe(
      `"${tag}" is not sha-<40 hex> (a full commit SHA)`,
    );
  });
});

describe('imageTagSchema', () => {
  it.each([
    `sha-${FULL_SHA}`,
    '0.1.0',
    '1.2.3',
    'v1.2.3-rc.1',
    '1.0.0-alpha.beta.1',
    '1.0.0-0.3.7',
    '1.0.0-x-y-z.--',
  ])('accepts %s', (tag) => {
    expect(imageTagSchema.safeParse(tag).success).toBe(true);
  });

  it.each([
    ['latest', '"latest" is a moving tag'],
    ['main', '"main" is not sha-<40 hex>'],
    ['sha-0123abc', '"sha-0123abc" is not sha-<40 hex> (a full commit SHA) or a semver tag'],
    [`pr-12-${FULL_SHA}`, 'is not sha-<40 hex>'],
    ['1.2', 'is not sha-<40 hex>'],
    ['1.2.3+build', 'is not sha-<40 hex>'],
    ['1.0.0-01', 'is not sha-<40 hex>'], // a numeric pre-release identifier with a leading zero
    ['1.0.0-rc..1', 'is not sha-<40 hex>'], // an empty pre-release identifier
    [`sha256:${'a'.repeat(64)}`, 'is not sha-<40 hex>'], // a digest goes in its own field
  ])('refuses %s', (tag, message) => {
    expect(messageOf(imageTagSchema.safeParse(tag))).toContain(message);
  });
});

describe('imageDigestSchema and imageRepositorySchema', () => {
  it('accepts a sha256 digest and refuses a short or upper-case one', () => {
    expect(imageDigestSchema.safeParse(`sha256:${'0'.repeat(64)}`).success).toBe(true);
    expect(messageOf(imageDigestSchema.safeParse('sha256:abc'))).toBe(
      '"sha256:abc" is not sha256:<64 hex>',
    );
    expect(imageDigestSchema.safeParse(`sha256:${'A'.repeat(64)}`).success).toBe(false);
  });

  it('accepts a lower-case repository and refuses an upper-case one', () => {
    expect(imageRepositorySchema.safeParse('ghcr.io/owner/repo/api').success).toBe(true);
    expect(imageRepositorySchema.safeParse('localhost:5000/api').success).toBe(true);
    expect(messageOf(imageRepositorySchema.safeParse('ghcr.io/Owner/repo/api'))).toBe(
      '"ghcr.io/Owner/repo/api" is not a lower-case image repository like ghcr.io/<owner>/<repo>/<app>',
    );
  });
});
