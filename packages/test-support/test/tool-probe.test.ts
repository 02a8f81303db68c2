import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { commandPath, hasCommand, toolAvailable } from '../src/tool-probe';

const MADE_UP = 'gitops-lab-no-such-tool-7f3a';

describe('hasCommand', () => {
  it('finds node on PATH and not a made-up name', () => {
    expect(hasCommand('node')).toBe(true);
    expect(hasCommand(MADE_UP)).toBe(false);
  });

  it('looks on the PATH it is given', () => {
    const nodeDir = dirname(commandPath('node') ?? '');
    expect(hasCommand('node', nodeDir)).toBe(true);
    expect(hasCommand('node', join(nodeDir, 'nothing-here'))).toBe(false);
  });

  it('says where a command resolves', () => {
    expect(commandPath('node')).toMatch(/^\/.*node$/);
    expect(commandPath(MADE_UP)).toBeUndefined();
  });

  it('never runs a name as shell code', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'tool-probe-')), 'ran');
    expect(hasCommand(`node; touch ${marker}`)).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('toolAvailable', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('skips with the reason printed outside CI', () => {
    delete process.env.CI;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    expect(toolAvailable(MADE_UP, 'prove a point')).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(`SKIPPED: ${MADE_UP} is not installed`),
    );
    warn.mockRestore();
  });

  it('fails under CI=true, so a missing tool never passes there', () => {
    process.env.CI = 'true';
    expect(() => toolAvailable(MADE_UP, 'prove a point')).toThrow(/needed to prove a point/);
    expect(toolAvailable('node', 'run JavaScript')).toBe(true);
  });
});
