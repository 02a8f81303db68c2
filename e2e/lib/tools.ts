import { spawnSync } from 'node:child_process';

/** True when `cmd` is on PATH (or is an existing absolute path). */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v "${cmd}"`], { stdio: 'ignore' }).status === 0;
}
