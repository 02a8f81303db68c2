import { imageDigestSchema, imageRepositorySchema, imageTagSchema } from '../src/index.js';

describe('imageTagSchema', () => {
  it.each(['sha-0123abc', `sha-${'a'.repeat(40)}`, '1.2.3', 'v1.2.3-rc.1'])('accepts %s', (tag) => {
    expect(imageTagSchema.safeParse(tag).success).toBe(true);
  });

  it.each([
    ['latest', '"latest" is a moving tag'],
    ['main', '"main" is not sha-<7..40 hex>'],
    ['1.2.3+build', 'is not sha-<7..40 hex>'],
    ['sha-ABCDEF0', 'is not sha-<7..40 hex>'],
  ])('refuses %s', (tag, message) => {
    const result = imageTagSchema.safeParse(tag);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('imageDigestSchema and imageRepositorySchema', () => {
  it('accepts a sha256 digest and refuses a short one', () => {
    expect(imageDigestSchema.safeParse(`sha256:${'0'.repeat(64)}`).success).toBe(true);
    expect(imageDigestSchema.safeParse('sha256:abc').error?.issues[0]?.message).toContain(
      'is not sha256:<64 hex>',
    );
  });

  it('accepts a lower-case repository and refuses an upper-case one', () => {
    expect(imageRepositorySchema.safeParse('ghcr.io/owner/repo/api').success).toBe(true);
    expect(imageRepositorySchema.safeParse('ghcr.io/Owner/repo/api').success).toBe(false);
  });
});
