// Runs one command block the way a student's terminal would (bash, stop at the first failing
// command), in its own process group so anything it left in the background is stopped with it.
import { spawn } from 'node:child_process';

export interface BlockResult {
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr interleaved, as on a terminal. */
  output: string;
}

export function runBlock(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<BlockResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', `exec 2>&1\n${script}`],
      { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const chunks: Buffer[] = [];
    let timedOut = false;
    const stopGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // the group has already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    // A background process left by the block may hold the pipe open, so once bash exits the group
    // is stopped and the output collected when the pipe closes (or after a short grace).
    let exitCode: number | null = null;
    let exited = false;
    let pipeClosed = false;
    let done = false;
    const finish = (): void => {
      if (done || !exited) return;
      done = true;
      child.stdout.destroy();
      resolve({ exitCode, timedOut, output: Buffer.concat(chunks).toString('utf8') });
    };
    child.stdout.on('close', () => {
      pipeClosed = true;
      finish();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      exitCode = code;
      exited = true;
      stopGroup('SIGTERM');
      if (pipeClosed) finish();
      else setTimeout(finish, 2000).unref();
    });
  });
}
