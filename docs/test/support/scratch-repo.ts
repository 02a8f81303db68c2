// A throw-away copy of the working tree for running the docs' command blocks, so nothing they do
// (builds, synth, fork:configure, git commits) touches the real checkout.
//
// The copy holds every file git tracks or would track (so uncommitted edits are tested too), and is
// its own git repository whose `origin` is a fork on GitHub, as a student's clone would be.
// node_modules is not copied byte by byte (hundreds of MB): it is hard-linked (`cp -al`, a second
// on Linux), so every path a tool sees is inside the copy and a bundler writes the same relative
// paths as in a real clone. Where hard links are impossible (another filesystem, no GNU cp) the
// copy gets a node_modules of symlinks instead; the workspace links (`@gitops-lab/*`) are relative
// symlinks either way, so they point at the copy's own workspaces.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { commitTree } from '@gitops-lab/test-support';

/** The fork the scratch copy pretends to be (mixed case on purpose: GHCR names must be lower-cased). */
export const SCRATCH_FORK_URL = 'https://github.com/Student-Fork/gitops-lab.git';

export function createScratchRepo(root: string): string {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-docs-'));
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(scratch, file), { verbatimSymlinks: true });
    } catch (error) {
      // Deleted in the working tree and not yet committed (or by a synth running right now).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  linkNodeModules(root, scratch, files);
  const git = commitTree(scratch, {
    author: 'Docs Test',
    message: 'snapshot of the working tree for the docs test',
    // A workspace's node_modules is a symlink here, which the usual `node_modules/` pattern
    // (folders only) does not ignore: keep it out of `git status` like on a student's clone.
    exclude: ['node_modules'],
  });
  git('remote', 'add', 'origin', SCRATCH_FORK_URL);
  return scratch;
}

export function removeScratchRepo(scratch: string): void {
  rmSync(scratch, { recursive: true, force: true });
}

function linkNodeModules(root: string, scratch: string, files: string[]): void {
  // Workspaces may hold their own node_modules (versions that differ from the hoisted ones).
  const workspaceDirs = new Set(
    files.filter((f) => f.endsWith('package.json')).map((f) => dirname(f)),
  );
  for (const dir of workspaceDirs) {
    const own = join(root, dir, 'node_modules');
    if (existsSync(own)) linkModulesFolder(own, join(scratch, dir, 'node_modules'));
  }
}

function linkModulesFolder(from: string, to: string): void {
  try {
    execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
  } catch {
    rmSync(to, { recursive: true, force: true });
    mirrorModulesFolder(from, to);
  }
}

function mirrorModulesFolder(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    const target = join(to, entry);
    const stat = lstatSync(source);
    if (stat.isSymbolicLink() && !isAbsolute(readlinkSync(source))) {
      // Workspace links and .bin entries are relative: the same link resolves inside the copy.
      symlinkSync(readlinkSync(source), target);
    } else if (stat.isDirectory() && (entry.startsWith('@') || entry === '.bin')) {
      mirrorModulesFolder(source, target);
    } else {
      symlinkSync(source, target);
    }
  }
}
