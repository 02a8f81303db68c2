import { z } from 'zod';
import {
  bool,
  fraction,
  int,
  loadConfigOrExit,
  oneOf,
  parseConfig,
  string,
  url,
} from '../src/config';

const spec = z.object({
  PORT: int({ min: 1, max: 65535 }).default(8080),
  RATE: fraction().default(0),
  FLAG: bool().default(false),
  LEVEL: oneOf(['info', 'debug']).default('info'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  NAME: string({ pattern: /^[a-z]+$/, patternHint: 'lower-case letters' }),
  SECRET: string({ maxLength: 8 }).optional(),
});

describe('parseConfig', () => {
  it('applies defaults, treats empty strings as unset and types every value', () => {
    const result = parseConfig(spec, { NAME: 'api', PORT: '', RATE: '0.25', FLAG: 'on' });
    expect(result).toEqual({
      ok: true,
      config: {
        PORT: 8080,
        RATE: 0.25,
        FLAG: true,
        LEVEL: 'info',
        NAME: 'api',
      },
    });
  });

  it('reports every bad variable with its reason, not just the first', () => {
    const result = parseConfig(spec, {
      PORT: '70000',
      RATE: '1.5',
      FLAG: 'maybe',
      LEVEL: 'loud',
      DATABASE_URL: 'mysql://db/x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.variable, e.reason])).toEqual([
      ['PORT', 'must be between 1 and 65535, got 70000'],
      ['RATE', 'must be between 0 and 1, got 1.5'],
      ['FLAG', expect.stringContaining('got "maybe"')],
      ['LEVEL', 'must be one of info, debug, got "loud"'],
      ['DATABASE_URL', 'must use postgres: or postgresql:, got mysql:'],
      ['NAME', 'is required'],
    ]);
  });

  it.each([
    ['PORT', '80.5', 'must be an integer, got "80.5"'],
    ['PORT', '0x50', 'must be an integer, got "0x50"'],
    ['RATE', '-0.1', 'must be a number from 0 to 1, got "-0.1"'],
    ['RATE', 'abc', 'must be a number from 0 to 1, got "abc"'],
    ['DATABASE_URL', 'not a url', 'must be an absolute URL'],
    ['NAME', 'API', 'must be lower-case letters, got "API"'],
    ['FLAG', 'Maybe', 'must be one of true, 1, yes, on, false, 0, no, off, got "maybe"'],
    ['SECRET', 'too-long-secret', 'must be at most 8 characters'],
  ])('%s=%s is rejected: %s', (variable, value, reason) => {
    const result = parseConfig(spec, { NAME: 'ok', [variable]: value });
    expect(result).toEqual({ ok: false, errors: [{ variable, value, reason }] });
  });
});

describe('loadConfigOrExit', () => {
  it('prints all problems and exits 1', () => {
    const written: string[] = [];
    const exit = jest.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    expect(() =>
      loadConfigOrExit(spec, { env: { PORT: 'x' }, write: (t) => written.push(t), exit }),
    ).toThrow('exit 1');
    expect(written.join('')).toBe(
      'Invalid configuration (2 problems):\n  PORT: must be an integer, got "x"\n  NAME: is required\n',
    );
  });

  it('returns the typed config when everything is valid', () => {
    const config = loadConfigOrExit(spec, { env: { NAME: 'web', PORT: '3000' } });
    const port: number = config.PORT;
    expect(port).toBe(3000);
  });
});
