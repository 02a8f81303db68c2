import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Stream the command's output to this process's stderr with a prefix (long builds). */
  echo?: string;
  /** Resolve with the non-zero exit code instead of throwing. */
  allowFailure?: boolean;
  /** Piped into the command's standard input. */
  stdin?: NodeJS.ReadableStream;
}

/** Runs a command without a shell and collects its output; throws on a non-zero exit by default. */
export function exec(cmd: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (options.stdin && child.stdin) options.stdin.pipe(child.stdin);
    let stdout = '';
    let stderr = '';
    const tee = (chunk: Buffer) => {
      if (options.echo) process.stderr.write(`[${options.echo}] ${chunk.toString('utf8')}`);
    };
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      tee(c);
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-100_000);
      tee(c);
    });
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? 128, stdout, stderr, ms: Date.now() - started };
      if (result.code !== 0 && !options.allowFailure) {
        const why = signal ? `killed by ${signal}` : `exit ${result.code}`;
        reject(new Error(`${cmd} ${args.join(' ')}: ${why}\n${stderr.slice(-4000)}`));
        return;
      }
      resolve(result);
    });
  });
}
