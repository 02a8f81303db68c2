// A thin wrapper around the git CLI on the runner's real checkout. The checkout keeps no
// credentials (actions/checkout with persist-credentials: false): the token is handed to the
// commands that talk to the remote, and only to them, as an HTTP header in their environment.
import { execFile } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Git {
  /** `token` authenticates fetch and push; '' uses whatever the checkout has (local remotes). */
  constructor(
    readonly cwd: string,
    private readonly token = '',
  ) {}

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

  /** Runs a git command that talks to the remote (fetch, push), with the token. */
  runRemote(args: string[]): Promise<string> {
    return this.run(args, this.authEnv());
  }

  tryRunRemote(args: string[]): Promise<GitResult> {
    return this.tryRun(args, this.authEnv());
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

  /**
   * The header actions/checkout would have stored in .git/config, given through git's
   * GIT_CONFIG_* variables instead, for this one command and this server only.
   */
  private authEnv(): Record<string, string> {
    if (!this.token) return {};
    const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
    const basic = Buffer.from(`x-access-token:${this.token}`).toString('base64');
    return {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${server}/.extraheader`,
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    };
  }
}
