// Fake command-line tools for running the shell scripts without a cluster or AWS: each stub
// appends its argv to one log and may print canned output, so a test can check what the
// script ran and in which order.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StubRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** One line per stub call: "<tool> <args...>". */
  readonly calls: string[];
}

export class StubTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'infra-stubs-'));
  private readonly log = join(this.dir, 'calls.log');

  /** `script` is the bash body run after the call is logged; "$@" are the tool's args. */
  add(tool: string, script = 'exit 0'): this {
    const path = join(this.dir, tool);
    writeFileSync(path, `#!/usr/bin/env bash\necho "${tool} $*" >> '${this.log}'\n${script}\n`);
    chmodSync(path, 0o755);
    return this;
  }

  /** Makes a real tool available when PATH is limited to the stubs (see `run`'s env). */
  link(tool: string, target: string): this {
    symlinkSync(target, join(this.dir, tool));
    return this;
  }

  run(command: string, args: string[], env: Record<string, string> = {}, input = ''): StubRun {
    writeFileSync(this.log, '');
    const result = spawnSync(command, args, {
      input,
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: `${this.dir}:${process.env.PATH}`, HOME: this.dir, ...env },
    });
    const calls = readFileSync(this.log, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Index of the first call matching `pattern`; fails the test when there is none. */
export function callIndex(calls: string[], pattern: RegExp): number {
  const index = calls.findIndex((call) => pattern.test(call));
  if (index < 0) throw new Error(`no call matches ${pattern}:\n${calls.join('\n')}`);
  return index;
}
