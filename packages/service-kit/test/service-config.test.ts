import { int, parseConfig, serviceEnvSchema, shutdownEnvSchema } from '../src/index';

describe('service settings', () => {
  it('defaults to a 5 s drain delay inside a 25 s budget', () => {
    expect(parseConfig(shutdownEnvSchema, {})).toEqual({
      ok: true,
      config: { SHUTDOWN_DELAY_MS: 5000, SHUTDOWN_TIMEOUT_MS: 25_000 },
    });
  });

  it('refuses a timeout that does not leave room after the delay, naming the variable', () => {
    const env = { SHUTDOWN_DELAY_MS: '10000', SHUTDOWN_TIMEOUT_MS: '10000' };
    expect(parseConfig(shutdownEnvSchema, env)).toEqual({
      ok: false,
      errors: [
        {
          variable: 'SHUTDOWN_TIMEOUT_MS',
          value: '10000',
          reason: 'must be greater than SHUTDOWN_DELAY_MS (10000)',
        },
      ],
    });
  });

  it('reports per-variable errors before cross-variable rules', () => {
    const result = parseConfig(shutdownEnvSchema, { SHUTDOWN_DELAY_MS: 'soon' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.variable)).toEqual(['SHUTDOWN_DELAY_MS']);
  });

  it('gives every service the same port, log and identity defaults', () => {
    const result = parseConfig(serviceEnvSchema({}), {});
    expect(result.ok && result.config).toMatchObject({
      PORT: 8080,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      POD_NAMESPACE: 'local',
      SHUTDOWN_DELAY_MS: 5000,
      KEEP_ALIVE_TIMEOUT_MS: 65_000,
    });
  });

  it('keeps the budget rule in a service schema next to its own variables', () => {
    const schema = serviceEnvSchema({ EXTRA: int({ min: 0, max: 9 }).default(1) });
    const result = parseConfig(schema, { SHUTDOWN_DELAY_MS: '3000', SHUTDOWN_TIMEOUT_MS: '2000' });
    expect(!result.ok && result.errors.map((e) => e.reason)).toEqual([
      'must be greater than SHUTDOWN_DELAY_MS (3000)',
    ]);
    const fine = parseConfig(schema, {});
    expect(fine.ok && fine.config.EXTRA).toBe(1);
  });
});
