// Finds relative links that point nowhere: a missing file or folder, or a #anchor that is not a
// heading of the target page.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DocPage } from './doc-pages';
import { headingAnchors, parseMarkdown } from './markdown';

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export function brokenLinks(pages: DocPage[], root: string): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (file: string): Set<string> => {
    let anchors = anchorCache.get(file);
    if (!anchors) {
      anchors = headingAnchors(parseMarkdown(readFileSync(file, 'utf8')).headings);
      anchorCache.set(file, anchors);
    }
    return anchors;
  };

  for (const page of pages) {
    for (const link of page.doc.links) {
      if (EXTERNAL.test(link.target)) continue;
      const [rawPath = '', fragment] = link.target.split('#', 2);
      const path = decodeURIComponent(rawPath);
      const where = `${page.path}:${link.line}`;
      const target =
        path === ''
          ? page.absolutePath
          : path.startsWith('/')
            ? join(root, path)
            : resolve(dirname(page.absolutePath), path);
      if (!existsSync(target)) {
        problems.push(`${where}: link target \`${link.target}\` does not exist`);
        continue;
      }
      if (fragment !== undefined && target.endsWith('.md') && statSync(target).isFile()) {
        const anchor = decodeURIComponent(fragment);
        if (!anchorsOf(target).has(anchor)) {
          problems.push(`${where}: \`${link.target}\` has no heading with the anchor #${anchor}`);
        }
      }
    }
  }
  return problems;
}
