// Throw-away git repositories for tests: on `main`, with an identity of their own, no signing and
// no hooks, so neither the machine's git config nor the developer's hooks change what a test sees.
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs git with `args` in the repository; resolves with its output, trimmed. */
export type Git = (...args: string[]) => string;

export function gitIn(dir: string): Git {
  return (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

export interface CommitTreeOptions {
  /** Committer name (the email is derived from it). */
  author: string;
  message: string;
  /** Patterns for .git/info/exclude, set before anything is added. */
  exclude?: string[];
}

/** Makes `dir` a repository whose `main` holds one commit of every file in it. */
export function commitTree(dir: string, { author, message, exclude = [] }: CommitTreeOptions): Git {
  const git = gitIn(dir);
  git('init', '--quiet', '--initial-branch=main');
  if (exclude.length > 0)
    appendFileSync(join(dir, '.git', 'info', 'exclude'), `${exclude.join('\n')}\n`);
  git('config', 'user.name', author);
  git(
    'config',
    'user.email',
    `${author.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}@example.invalid`,
  );
  git('config', 'commit.gpgsign', 'false');
  git('add', '--all');
  git('commit', '--quiet', '--no-verify', '-m', message);
  return git;
}
