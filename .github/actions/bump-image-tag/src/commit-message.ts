// The bump commit's message: `deploy(<env>): <app> <tag>[, ...]`, then one `old → new` line per app.

export interface TagChange {
  app: string;
  repository: string;
  oldTag: string;
  newTag: string;
}

export function commitSubject(environment: string, changes: TagChange[]): string {
  return `deploy(${environment}): ${changes.map((c) => `${c.app} ${c.newTag}`).join(', ')}`;
}

export function commitMessage(environment: string, changes: TagChange[], skipCi: boolean): string {
  const lines = changes.map((c) => `${c.app}: ${c.oldTag} → ${c.newTag}`);
  // [skip ci]: a second guard next to GITHUB_TOKEN pushes, which trigger no workflow anyway.
  if (skipCi) lines.push('', '[skip ci]');
  return `${commitSubject(environment, changes)}\n\n${lines.join('\n')}\n`;
}
