import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The monorepo root: the nearest ancestor whose package.json declares workspaces. Works from
 * lib/ under tsx or jest and from dist/lib/ alike. */
export function repoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (pkg.workspaces) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no workspace root above ${start}`);
    dir = parent;
  }
}

/** Where harness runs keep logs and sockets: git-ignored, outside every tracked source folder. */
export function artifactsDir(...parts: string[]): string {
  return path.join(repoRoot(), 'e2e', 'test-artifacts', ...parts);
}
