import { parseConfig, serviceEnvSpec, shutdownBudgetRule, shutdownEnvSpec } from '../src/index';

describe('service settings', () => {
  it('defaults to a 5 s drain delay inside a 25 s budget', () => {
    expect(parseConfig(shutdownEnvSpec, {}, [shutdownBudgetRule])).toEqual({
      ok: true,
      config: { SHUTDOWN_DELAY_MS: 5000, SHUTDOWN_TIMEOUT_MS: 25_000 },
    });
  });

  it('refuses a timeout that does not leave room after the delay, naming the variable', () => {
    const env = { SHUTDOWN_DELAY_MS: '10000', SHUTDOWN_TIMEOUT_MS: '10000' };
    expect(parseConfig(shutdownEnvSpec, env, [shutdownBudgetRule])).toEqual({
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
    const result = parseConfig(shutdownEnvSpec, { SHUTDOWN_DELAY_MS: 'soon' }, [
      shutdownBudgetRule,
    ]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.variable)).toEqual(['SHUTDOWN_DELAY_MS']);
  });

  it('gives every service the same port, log and identity defaults', () => {
    const result = parseConfig(serviceEnvSpec, {}, [shutdownBudgetRule]);
    expect(result.ok && result.config).toMatchObject({
      PORT: 8080,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      POD_NAMESPACE: 'local',
      SHUTDOWN_DELAY_MS: 5000,
    });
  });
});
