import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBlock } from './support/run-block';

describe('runBlock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-lab-docs-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs in the given directory and interleaves stdout and stderr', async () => {
    const result = await runBlock('pwd\necho to-stderr >&2\necho done', dir, process.env, 10_000);
    expect(result).toEqual({ exitCode: 0, timedOut: false, output: `${dir}\nto-stderr\ndone\n` });
  });

  test('stops at the first failing command, like bash -e, including inside a pipeline', async () => {
    const failed = await runBlock('echo one\nfalse\necho never', dir, process.env, 10_000);
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toBe('one\n');
    const piped = await runBlock('false | cat\necho never', dir, process.env, 10_000);
    expect(piped.exitCode).toBe(1);
  });

  test('waits until what the block left running has exited, so its port is free again', async () => {
    // A background job that, like a draining server, needs a moment after SIGTERM to finish.
    const drained = join(dir, 'drained');
    const result = await runBlock(
      // (the pause lets the background job install its trap before the block ends)
      `(trap 'sleep 1; touch ${drained}; exit 0' TERM; while true; do sleep 0.1; done) &\nsleep 0.3\necho started`,
      dir,
      process.env,
      10_000,
    );
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatch(/^started\n/);
    expect(existsSync(drained)).toBe(true);
  }, 15_000);

  test('stops what the block left running in the background', async () => {
    const marker = join(dir, 'still-running');
    const result = await runBlock(
      `(sleep 2; touch ${marker}) &\necho started`,
      dir,
      process.env,
      10_000,
    );
    expect(result.exitCode).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(existsSync(marker)).toBe(false);
  }, 15_000);

  test('kills a block that outlives its timeout', async () => {
    const started = Date.now();
    const result = await runBlock('echo before\nsleep 30', dir, process.env, 500);
    expect(result.timedOut).toBe(true);
    expect(result.output).toBe('before\n');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
