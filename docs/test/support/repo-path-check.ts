// Finds repository paths that the docs mention but the repository does not have: paths in
// `code spans`, and file arguments in command blocks that the docs test does not run (a renamed
// file in a `bash cluster` block would otherwise rot unnoticed; runnable blocks prove themselves).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classifyFence } from './command-blocks';
import type { DocPage } from './doc-pages';

export interface PathMention {
  path: string;
  line: number;
}

/** Top-level folders of the repository that git tracks (or would track), e.g. `apps`, `.github`. */
export function topLevelFolders(root: string): Set<string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const folders = new Set<string>();
  for (const file of files.split('\n')) {
    const slash = file.indexOf('/');
    if (slash > 0) folders.add(file.slice(0, slash));
  }
  return folders;
}

const PATH_SHAPE = /^\.?[\w@.-]+(?:\/[\w@.<>*-]+)*\/?$/;
const TOKEN_IN_COMMAND = /(?:^|[\s="'(])(\.?[\w@.-]+\/[^\s"'`)|;&,]*)/g;

export function pathMentions(page: DocPage, folders: Set<string>): PathMention[] {
  const looksLikeRepoPath = (text: string): boolean =>
    PATH_SHAPE.test(text) && text.includes('/') && folders.has(text.split('/')[0] ?? '');
  const mentions: PathMention[] = [];
  for (const span of page.doc.codeSpans) {
    if (looksLikeRepoPath(span.text)) mentions.push({ path: span.text, line: span.line });
  }
  for (const fence of page.doc.fences) {
    if (classifyFence(fence).kind !== 'skip') continue;
    fence.body.split('\n').forEach((text, offset) => {
      const code = text.replace(/(^|\s)#.*$/, '');
      for (const match of code.matchAll(TOKEN_IN_COMMAND)) {
        const token = (match[1] ?? '').replace(/[.:]+$/, '');
        if (looksLikeRepoPath(token)) mentions.push({ path: token, line: fence.line + offset + 1 });
      }
    });
  }
  return mentions;
}

/** True when the path exists, matches with `<placeholder>`/`*` segments, or is a git-ignored build output. */
export function repoPathExists(root: string, path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  if (matchesOnDisk(root, segments)) return true;
  const concrete = segments.map((s) => s.replace(/<[^>]+>|\*/g, 'x')).join('/');
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', concrete], { cwd: root });
    return true;
  } catch {
    return false;
  }
}

function matchesOnDisk(dir: string, segments: string[]): boolean {
  const [first, ...rest] = segments;
  if (first === undefined) return true;
  if (!/[<*]/.test(first)) {
    const next = join(dir, first);
    return existsSync(next) && matchesOnDisk(next, rest);
  }
  const pattern = new RegExp(
    `^${first
      .split(/(<[^>]+>|\*)/)
      .map((part) =>
        part.startsWith('<')
          ? '[^/]+'
          : part === '*'
            ? '[^/]*'
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}$`,
  );
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return false;
  }
  return entries.some((entry) => pattern.test(entry) && matchesOnDisk(join(dir, entry), rest));
}

export function missingRepoPaths(pages: DocPage[], root: string): string[] {
  const folders = topLevelFolders(root);
  const problems: string[] = [];
  for (const page of pages) {
    for (const mention of pathMentions(page, folders)) {
      if (!repoPathExists(root, mention.path)) {
        problems.push(`${page.path}:${mention.line}: \`${mention.path}\` is not in the repository`);
      }
    }
  }
  return problems;
}
