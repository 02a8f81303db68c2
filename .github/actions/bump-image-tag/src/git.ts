// A thin wrapper around the git CLI: the action works on the runner's real checkout, with the
// credentials actions/checkout stored there.
import { execFile } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Git {
  constructor(readonly cwd: string) {}

  /** Runs git and returns its output; throws with git's stderr when it fails. */
  async run(args: string[], env: Record<string, string> = {}): Promise<string> {
    const result = await this.tryRun(args, env);
    if (result.code !== 0) {
      throw new Error(
        `git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`,
      );
    }
    return result.stdout;
  }

  /** Runs git and returns its exit code and output without throwing. */
  tryRun(args: string[], env: Record<string, string> = {}): Promise<GitResult> {
    return new Promise((resolve) => {
      execFile(
        'git',
        args,
        {
          cwd: this.cwd,
          maxBuffer: 64 * 1024 * 1024,
          // Never wait for a password prompt on a runner.
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }
}
