import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeProcess } from '../src/node-process';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'node-process-'));
  // Logs like pino (one JSON object a line), plus a plain line and a stderr line, then exits 3.
  writeFileSync(
    join(dir, 'main.js'),
    [
      "console.log(JSON.stringify({ msg: 'starting', greeting: process.env.GREETING }));",
      "console.log('not json');",
      "console.error('a warning');",
      "setTimeout(() => { console.log(JSON.stringify({ msg: 'ready' })); process.exit(3); }, 200);",
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('runs the entry with the given env and reads its log lines, output and exit', async () => {
  const proc = startNodeProcess(join(dir, 'main.js'), { GREETING: 'hi' });
  expect(await proc.waitForLog('ready', 5000)).toEqual({ msg: 'ready' });
  expect(await proc.exited).toBe(3);
  expect(proc.logs).toEqual([{ msg: 'starting', greeting: 'hi' }, { msg: 'ready' }]);
  expect(proc.output()).toContain('not json');
  expect(proc.stderr()).toBe('a warning\n');
});

test('waitForLog fails naming the message when the process never logs it', async () => {
  const proc = startNodeProcess(join(dir, 'main.js'), {});
  await expect(proc.waitForLog('never', 2000)).rejects.toThrow(
    /no "never" log within 2000 ms; stderr: a warning/,
  );
});

test('a missing entry says to build first', () => {
  expect(() => startNodeProcess(join(dir, 'absent.js'), {})).toThrow(
    /missing: run the build first/,
  );
});
