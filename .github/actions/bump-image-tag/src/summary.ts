// The job summary: one table row per app and environment (old tag → new tag, a link to the image).
import { type TagChange, tagAndDigest } from './commit-message.js';

/** A link to the image's package page for GHCR (`ghcr.io/<owner>/<name…>`), otherwise none. */
export function imageUrl(repository: string): string | undefined {
  const match = /^ghcr\.io\/([^/]+)\/([^/]+)(?:\/(.+))?$/.exec(repository);
  if (!match) return undefined;
  const [, owner = '', first = '', rest] = match;
  // Packages pushed with an org.opencontainers.image.source label are linked to that repository,
  // and GitHub shows them under it, with the `/` of nested names URL-encoded.
  const name = rest ? `${first}/${rest}` : first;
  return `https://github.com/${owner}/${first}/pkgs/container/${encodeURIComponent(name)}`;
}

/** Header row + one row per change, as HTML cells (GitHub renders the summary as HTML). */
export function summaryRows(changes: TagChange[]): string[][] {
  const rows = changes.map((c) => {
    // repository:tag, or repository:tag@sha256:… when the digest is pinned.
    const image = `${c.repository}:${tagAndDigest(c.newTag, c.newDigest)}`;
    const url = imageUrl(c.repository);
    return [
      escapeHtml(c.app),
      escapeHtml(c.environment),
      `<code>${escapeHtml(c.oldTag)}</code> → <code>${escapeHtml(c.newTag)}</code>`,
      url ? `<a href="${escapeHtml(url)}">${escapeHtml(image)}</a>` : escapeHtml(image),
    ];
  });
  return [['app', 'environment', 'tag', 'image'], ...rows];
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
