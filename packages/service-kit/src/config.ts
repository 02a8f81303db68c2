// Environment configuration with zod: each variable is one schema over its raw string (chain
// `.default(value)` or `.optional()` as usual), and `parseConfig` reports every bad variable at once.
import { z } from 'zod';

/** The typed config a schema produces. */
export type ConfigOf<S extends z.ZodType> = z.output<S>;

export interface ConfigError {
  variable: string;
  value: string | undefined;
  reason: string;
}

export type ConfigResult<T> = { ok: true; config: T } | { ok: false; errors: ConfigError[] };

/** Error wording that quotes the bad value, or says the variable is missing. */
const message = (describe: (input: unknown) => string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : describe(issue.input),
});

const text = () => z.string(message(() => 'must be text'));

export interface IntOptions {
  min: number;
  max: number;
}

export function int({ min, max }: IntOptions) {
  return text()
    .regex(
      /^-?\d+$/,
      message((raw) => `must be an integer, got "${raw}"`),
    )
    .transform(Number)
    .pipe(
      z
        .number()
        .min(
          min,
          message((value) => `must be between ${min} and ${max}, got ${value}`),
        )
        .max(
          max,
          message((value) => `must be between ${min} and ${max}, got ${value}`),
        ),
    );
}

/** A fraction from 0 to 1 inclusive (rates, probabilities). */
export function fraction() {
  return text()
    .regex(
      /^\d*\.?\d+$/,
      message((raw) => `must be a number from 0 to 1, got "${raw}"`),
    )
    .transform(Number)
    .pipe(
      z.number().max(
        1,
        message((value) => `must be between 0 and 1, got ${value}`),
      ),
    );
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'] as const;
const FALSE_WORDS = ['false', '0', 'no', 'off'] as const;
const BOOL_WORDS = [...TRUE_WORDS, ...FALSE_WORDS];

export function bool() {
  return text()
    .toLowerCase()
    .pipe(
      z.enum(
        BOOL_WORDS,
        message((raw) => `must be one of ${BOOL_WORDS.join(', ')}, got "${raw}"`),
      ),
    )
    .transform((word) => (TRUE_WORDS as readonly string[]).includes(word));
}

export function oneOf<const V extends readonly [string, ...string[]]>(values: V) {
  return z.enum(
    values,
    message((raw) => `must be one of ${values.join(', ')}, got "${raw}"`),
  );
}

function protocolOf(raw: string): string | undefined {
  try {
    return new URL(raw).protocol;
  } catch {
    return undefined;
  }
}

/** An absolute URL, kept as the string; `protocols` with the trailing colon, e.g. `['http:']`. */
export function url(protocols?: readonly string[]) {
  return text()
    .refine((raw) => protocolOf(raw) !== undefined, {
      ...message(() => 'must be an absolute URL'),
      abort: true,
    })
    .refine(
      (raw) => !protocols || protocols.includes(protocolOf(raw) ?? ''),
      message(
        (raw) => `must use ${protocols?.join(' or ')}, got ${protocolOf(String(raw)) ?? '?'}`,
      ),
    );
}

export interface StringOptions {
  pattern?: RegExp;
  /** Said in the error when `pattern` does not match. */
  patternHint?: string;
  maxLength?: number;
}

/** Text; the error for a `pattern` quotes the value, the one for `maxLength` does not (secrets). */
export function string(options: StringOptions = {}) {
  const hint = options.patternHint ?? `matching ${options.pattern}`;
  let schema = text();
  if (options.maxLength !== undefined) {
    schema = schema.max(options.maxLength, {
      ...message(() => `must be at most ${options.maxLength} characters`),
      abort: true,
    });
  }
  if (options.pattern) {
    schema = schema.regex(
      options.pattern,
      message((raw) => `must be ${hint}, got "${raw}"`),
    );
  }
  return schema;
}

// Empty strings count as unset: Kubernetes and shells often export `FOO=` to mean "nothing".
function blanksAsUnset(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).map(([name, raw]) => [name, raw?.trim() === '' ? undefined : raw?.trim()]),
  );
}

/** Parses `env` with `schema` and collects every bad variable (one reason each), in schema order. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigResult<z.output<S>> {
  const result = schema.safeParse(blanksAsUnset(env));
  if (result.success) return { ok: true, config: result.data };
  const errors: ConfigError[] = [];
  for (const issue of result.error.issues) {
    const variable = String(issue.path[0]);
    if (errors.some((error) => error.variable === variable)) continue;
    errors.push({ variable, value: env[variable], reason: issue.message });
  }
  return { ok: false, errors };
}

export function formatConfigErrors(errors: ConfigError[]): string {
  const lines = errors.map((e) => `  ${e.variable}: ${e.reason}`);
  return `Invalid configuration (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n`;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the error report goes; stderr by default. */
  write?: (text: string) => void;
  exit?: (code: number) => never;
}

/** Start-up entry point: returns the typed config, or prints every bad variable and exits 1. */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  options: LoadConfigOptions = {},
): z.output<S> {
  const result = parseConfig(schema, options.env ?? process.env);
  if (result.ok) return result.config;
  (options.write ?? ((report) => process.stderr.write(report)))(formatConfigErrors(result.errors));
  return (options.exit ?? process.exit)(1);
}
