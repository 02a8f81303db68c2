import type { z } from 'zod';
import { configSchema, type EnvironmentConfig } from './schema.js';

/** Thrown when a config file breaks the schema; the message lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `manifests/config/${environment}.json (env "${environment}") is invalid:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** `apps.api.image.tag`, `networkPolicy.ingressControllerPeers[0]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

/** One line per problem, the app named first so the reader knows which block to fix. */
function describe(issue: z.core.$ZodIssue): string[] {
  const fields =
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: 'is not a known field' }))
      : [{ path: issue.path, message: issue.message }];
  return fields.map(({ path, message }) => {
    const where = fieldPath(path) || '(root)';
    const app = path[0] === 'apps' && typeof path[1] === 'string' ? path[1] : undefined;
    return app ? `app "${app}": ${where}: ${message}` : `${where}: ${message}`;
  });
}

/** The wording for zod's built-in checks (schema.ts words its own). */
const messages: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && issue.code === 'invalid_type') return 'is missing';
  if (issue.code === 'invalid_type') {
    return issue.expected === 'object' ? 'must be an object' : `must be a ${issue.expected}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return undefined;
};

/** Validates parsed JSON for one environment; throws ConfigError naming every bad field. */
export function validateConfig(environment: string, json: unknown): EnvironmentConfig {
  const result = configSchema.safeParse(json, { error: messages });
  if (result.success) return result.data;
  throw new ConfigError(environment, result.error.issues.flatMap(describe));
}
