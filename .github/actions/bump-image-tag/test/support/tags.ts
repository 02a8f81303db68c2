// Release tags and digests for the tests: release.yml tags an image `sha-<the full 40-hex commit>`.

/** `sha-` and 40 hex digits made of `hex` repeated (releaseTag('1a') → sha-1a1a…). */
export function releaseTag(hex: string): string {
  return `sha-${hex.repeat(40).slice(0, 40)}`;
}

/** `sha256:` and 64 hex digits made of `hex` repeated. */
export function digest(hex: string): string {
  return `sha256:${hex.repeat(64).slice(0, 64)}`;
}
