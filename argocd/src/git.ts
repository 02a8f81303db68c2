// The few git commands fork:configure needs, run with argument arrays (no shell).
import { execFileSync } from 'node:child_process';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The top of the working tree that contains `cwd`. */
export function repositoryRoot(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new Error(`${cwd} is not inside a git clone: run this in your clone of the fork.`);
  }
}

/** The URL of the `origin` remote, or undefined when there is none. */
export function originUrl(root: string): string | undefined {
  try {
    const url = git(root, ['remote', 'get-url', 'origin']).trim();
    return url === '' ? undefined : url;
  } catch {
    return undefined;
  }
}

/** `git diff` of the given paths against the index (what the student is about to commit). */
export function diff(root: string, paths: string[]): string {
  if (paths.length === 0) return '';
  return git(root, ['--no-pager', 'diff', '--no-color', '--', ...paths]);
}
