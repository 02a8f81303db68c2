import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where slow-to-make things persist between runs (Docker data-root, the debootstrap rootfs): outside
 * the repo, so they never land in a Docker build context or in git. Override with E2E_CACHE_DIR.
 */
export function cacheDir(...parts: string[]): string {
  const base =
    process.env.E2E_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'gitops-lab-e2e');
  const dir = path.join(base, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
