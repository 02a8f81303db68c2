// Where the guide's pages are, and reading them once.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type MarkdownDoc, parseMarkdown } from './markdown';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const DOCS_DIR = join(REPO_ROOT, 'docs');
export const LANGUAGES = ['en', 'ko'] as const;

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'test', 'test-artifacts', '.turbo']);

export interface DocPage {
  /** Path from the repository root, e.g. `docs/en/labs/week-1.md`. */
  path: string;
  absolutePath: string;
  source: string;
  doc: MarkdownDoc;
}

/** Markdown files under `dir` (recursively), as paths relative to `dir`, sorted. */
export function markdownFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(join(current, entry.name));
      } else if (entry.name.endsWith('.md')) {
        found.push(relative(dir, join(current, entry.name)));
      }
    }
  };
  walk(dir);
  return found.sort();
}

export function readPage(absolutePath: string, root = REPO_ROOT): DocPage {
  const source = readFileSync(absolutePath, 'utf8');
  return { path: relative(root, absolutePath), absolutePath, source, doc: parseMarkdown(source) };
}

/** The guide (every page under docs/) and the root README, which links into it. */
export function allDocPages(): DocPage[] {
  const paths = [
    join(REPO_ROOT, 'README.md'),
    ...markdownFilesUnder(DOCS_DIR).map((p) => join(DOCS_DIR, p)),
  ];
  return paths.map((p) => readPage(p));
}
