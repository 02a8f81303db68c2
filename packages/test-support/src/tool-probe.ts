import { spawnSync } from 'node:child_process';

/** Where `command` resolves on `path` (this process's PATH unless given), or undefined. */
export function commandPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  // The name goes in as "$1", never into the script text, so no name can inject shell code.
  const probe = spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', command], {
    encoding: 'utf8',
    env: { PATH: path },
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** True when `command` is on `path` (this process's PATH unless given), or is an executable path. */
export function hasCommand(command: string, path?: string): boolean {
  return commandPath(command, path) !== undefined;
}

/**
 * Whether a system tool a test needs is here. Under CI=true a missing tool throws, so a test can
 * never pass there by skipping itself; elsewhere the reason is printed and the caller skips.
 */
export function toolAvailable(command: string, purpose: string): boolean {
  if (hasCommand(command)) return true;
  const message = `${command} is not installed (needed to ${purpose}); run scripts/install-system-deps.sh`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
  return false;
}
