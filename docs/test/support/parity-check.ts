// Compares the English and Korean guides: the same pages, the same heading levels in the same
// order, and byte-identical fenced blocks (commands and expected output are never translated).
import { join } from 'node:path';
import { markdownFilesUnder, readPage } from './doc-pages';

export function parityProblems(enDir: string, koDir: string, root: string): string[] {
  const problems: string[] = [];
  const enPages = markdownFilesUnder(enDir);
  const koPages = markdownFilesUnder(koDir);
  for (const page of enPages.filter((p) => !koPages.includes(p))) {
    problems.push(`${page}: in English only (add the Korean page)`);
  }
  for (const page of koPages.filter((p) => !enPages.includes(p))) {
    problems.push(`${page}: in Korean only (add the English page)`);
  }

  for (const page of enPages.filter((p) => koPages.includes(p))) {
    const en = readPage(join(enDir, page), root);
    const ko = readPage(join(koDir, page), root);

    const enLevels = en.doc.headings.map((h) => h.level);
    const koLevels = ko.doc.headings.map((h) => h.level);
    const firstDifferent = enLevels.findIndex((level, i) => level !== koLevels[i]);
    if (enLevels.length !== koLevels.length || firstDifferent !== -1) {
      const i = firstDifferent === -1 ? Math.min(enLevels.length, koLevels.length) : firstDifferent;
      const describe = (h: { level: number; text: string; line: number } | undefined): string =>
        h ? `line ${h.line} ${'#'.repeat(h.level)} ${h.text}` : 'no heading';
      problems.push(
        `${page}: headings differ at #${i + 1}: en ${describe(en.doc.headings[i])} vs ko ${describe(ko.doc.headings[i])}`,
      );
    }

    const count = Math.max(en.doc.fences.length, ko.doc.fences.length);
    for (let i = 0; i < count; i += 1) {
      const e = en.doc.fences[i];
      const k = ko.doc.fences[i];
      if (!e || !k) {
        problems.push(
          `${page}: en has ${en.doc.fences.length} fenced blocks, ko has ${ko.doc.fences.length}`,
        );
        break;
      }
      if (e.info !== k.info || e.body !== k.body) {
        problems.push(
          `${page}: fenced block #${i + 1} differs (${en.path}:${e.line} vs ${ko.path}:${k.line})`,
        );
      }
    }
  }
  return problems;
}
