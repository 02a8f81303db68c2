import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELM_DIR } from '../../src/paths';

/**
 * A fresh copy of the chart for each test of the calling `describe`, for negative controls that
 * break one line of it: `dir()` is the copy, `edit` replaces text in one of its files (and fails
 * the test if that text is not there, so a control cannot pass by editing nothing).
 */
export function chartCopyPerTest() {
  let copy = '';
  beforeEach(() => {
    copy = join(mkdtempSync(join(tmpdir(), 'gitops-lab-chart-')), 'chart');
    cpSync(HELM_DIR, copy, { recursive: true });
  });
  afterEach(() => rmSync(join(copy, '..'), { recursive: true, force: true }));
  return {
    dir: () => copy,
    edit(file: string, from: string, to: string) {
      const path = join(copy, file);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(from);
      writeFileSync(path, text.replace(from, to));
    },
  };
}
