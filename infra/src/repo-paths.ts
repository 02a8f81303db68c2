import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The monorepo root: the nearest folder above this file holding argocd/install/chart.json. */
export function repoRoot(start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'argocd', 'install', 'chart.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the repository root (argocd/install/chart.json) above ${start}`);
    }
    dir = parent;
  }
}
