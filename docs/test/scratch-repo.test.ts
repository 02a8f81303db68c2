import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fixtureRepo } from './support/fixture-repo';
import { createScratchRepo, removeScratchRepo, SCRATCH_FORK_URL } from './support/scratch-repo';

describe('createScratchRepo', () => {
  const fixture = fixtureRepo({
    '.gitignore': 'node_modules/\ndist/\n',
    'package.json': '{"workspaces":["apps/*"]}',
    'apps/api/package.json': '{"name":"@demo/api"}',
    'apps/api/src/main.ts': 'committed\n',
    'apps/api/dist/main.js': 'a build output, ignored\n',
    'node_modules/left-pad/index.js': 'module.exports = 1;\n',
    'apps/api/node_modules/only-api/index.js': 'module.exports = 2;\n',
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: fixture.root });
  git('add', '--all');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-m', 'fixture');
  // After the commit: an uncommitted edit and a new untracked file, both of which must be copied.
  writeFileSync(join(fixture.root, 'apps/api/src/main.ts'), 'edited, not committed\n');
  writeFileSync(join(fixture.root, 'apps/api/src/new.ts'), 'untracked\n');
  mkdirSync(join(fixture.root, 'node_modules/@demo'), { recursive: true });
  symlinkSync('../../apps/api', join(fixture.root, 'node_modules/@demo/api'));
  const scratch = createScratchRepo(fixture.root);
  afterAll(() => {
    removeScratchRepo(scratch);
    fixture.remove();
  });

  test('copies the working tree as it is, without ignored files', () => {
    expect(readFileSync(join(scratch, 'apps/api/src/main.ts'), 'utf8')).toBe(
      'edited, not committed\n',
    );
    expect(existsSync(join(scratch, 'apps/api/src/new.ts'))).toBe(true);
    expect(existsSync(join(scratch, 'apps/api/dist/main.js'))).toBe(false);
  });

  test('is its own git repository, clean, with a GitHub fork as origin', () => {
    const inScratch = (...args: string[]) =>
      execFileSync('git', args, { cwd: scratch, encoding: 'utf8' }).trim();
    expect(inScratch('status', '--short')).toBe('');
    expect(inScratch('ls-files', 'node_modules', 'apps/api/node_modules')).toBe('');
    expect(inScratch('remote', 'get-url', 'origin')).toBe(SCRATCH_FORK_URL);
    expect(realpathSync(inScratch('rev-parse', '--show-toplevel'))).toBe(realpathSync(scratch));
  });

  test('shares the installed packages (same files) and links workspace packages to its own copies', () => {
    const sameFile = (path: string) =>
      expect(statSync(join(scratch, path)).ino).toBe(statSync(join(fixture.root, path)).ino);
    sameFile('node_modules/left-pad/index.js');
    sameFile('apps/api/node_modules/only-api/index.js');
    expect(realpathSync(join(scratch, 'node_modules/@demo/api'))).toBe(
      realpathSync(join(scratch, 'apps/api')),
    );
  });
});
