import { spawnSync } from 'node:child_process';

/**
 * Differences between two directory trees as a unified diff (`diff -ruN`), or '' when they
 * are identical. A missing directory counts as empty.
 */
export function diffTrees(expected: string, actual: string): string {
  const result = spawnSync('diff', ['-ruN', expected, actual], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status === 0) return '';
  if (result.status === 1) return result.stdout;
  throw new Error(`diff failed: ${result.stderr}`);
}
