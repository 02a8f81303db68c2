// The bump commit's message: `deploy(<envs>): <app> <tag>[, ...]`, then one `old → new` line per
// app and environment.

export interface TagChange {
  environment: string;
  app: string;
  repository: string;
  oldTag: string;
  oldDigest?: string;
  newTag: string;
  newDigest?: string;
}

/** `tag`, or `tag@sha256:…` when the digest is pinned too. */
export function tagAndDigest(tag: string, digest: string | undefined): string {
  return digest ? `${tag}@${digest}` : tag;
}

export function commitSubject(changes: TagChange[]): string {
  const environments = [...new Set(changes.map((c) => c.environment))];
  const images = [...new Set(changes.map((c) => `${c.app} ${c.newTag}`))];
  return `deploy(${environments.join(', ')}): ${images.join(', ')}`;
}

export function commitMessage(changes: TagChange[], skipCi: boolean): string {
  const lines = changes.map(
    (c) =>
      `${c.app} (${c.environment}): ${tagAndDigest(c.oldTag, c.oldDigest)} → ${tagAndDigest(c.newTag, c.newDigest)}`,
  );
  // [skip ci]: a second guard next to GITHUB_TOKEN pushes, which trigger no workflow anyway.
  if (skipCi) lines.push('', '[skip ci]');
  return `${commitSubject(changes)}\n\n${lines.join('\n')}\n`;
}
