import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitTree } from '../src/git-repository';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'git-repository-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('commitTree commits every file on main as its own author, leaving out the excluded ones', () => {
  writeFileSync(join(dir, 'kept.txt'), 'kept\n');
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'left-out.js'), '');
  const git = commitTree(dir, {
    author: 'Docs Test',
    message: 'snapshot',
    exclude: ['node_modules'],
  });
  expect(git('branch', '--show-current')).toBe('main');
  expect(git('log', '--format=%an <%ae>|%s')).toBe(
    'Docs Test <docs-test@example.invalid>|snapshot',
  );
  expect(git('ls-files')).toBe('kept.txt');
  expect(git('status', '--porcelain')).toBe('');
});
