// Runs one command block the way a student's terminal would (bash, stop at the first failing
// command), in its own process group, so anything it left in the background is stopped with it
// before the next block starts (a server still draining would hold the next block's port).
import { spawn } from 'node:child_process';

export interface BlockResult {
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr interleaved, as on a terminal. */
  output: string;
}

/** How long what a block left running may take to exit after SIGTERM before it is killed. */
const BACKGROUND_GRACE_MS = 10_000;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group has already gone
  }
}

async function stopGroup(pid: number): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + BACKGROUND_GRACE_MS;
  while (groupAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signalGroup(pid, 'SIGKILL');
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
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    // 'exit', not 'close': a background process left by the block may hold the pipe open.
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      const pid = child.pid;
      void (pid ? stopGroup(pid) : Promise.resolve()).then(() => {
        child.stdout.destroy();
        resolve({ exitCode, timedOut, output: Buffer.concat(chunks).toString('utf8') });
      });
    });
  });
}
