// Typed environment configuration: each variable is declared once with its parser, and
// `parseConfig` checks them all so a bad deployment reports every mistake in one go.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface EnvVar<T> {
  /** Human description of the accepted values, shown next to a bad value. */
  readonly expects: string;
  parse(raw: string | undefined): ParseResult<T>;
}

export type EnvSpec = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends EnvSpec> = {
  [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

export interface ConfigError {
  variable: string;
  value: string | undefined;
  reason: string;
}

export type ConfigResult<S extends EnvSpec> =
  | { ok: true; config: ConfigOf<S> }
  | { ok: false; errors: ConfigError[] };

interface Presence<T> {
  default?: T;
  optional?: boolean;
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (reason: string): ParseResult<never> => ({ ok: false, reason });

// Empty strings count as unset: Kubernetes and shells often export `FOO=` to mean "nothing".
function envVar<T>(
  expects: string,
  presence: Presence<T>,
  parseValue: (raw: string) => ParseResult<T>,
): EnvVar<T> {
  return {
    expects,
    parse(raw) {
      if (raw === undefined || raw.trim() === '') {
        if (presence.default !== undefined) return ok(presence.default);
        if (presence.optional) return ok(undefined as T);
        return fail('is required');
      }
      return parseValue(raw.trim());
    },
  };
}

type Resolved<T, O> = O extends { default: T }
  ? T
  : O extends { optional: true }
    ? T | undefined
    : T;

export interface IntOptions extends Presence<number> {
  min?: number;
  max?: number;
}

export function int<O extends IntOptions>(options: O = {} as O): EnvVar<Resolved<number, O>> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return envVar(`an integer from ${min} to ${max}`, options, (raw) => {
    if (!/^-?\d+$/.test(raw)) return fail(`must be an integer, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) return fail(`must be between ${min} and ${max}, got ${raw}`);
    return ok(value);
  }) as EnvVar<Resolved<number, O>>;
}

/** A fraction from 0 to 1 inclusive (rates, probabilities). */
export function fraction<O extends Presence<number>>(
  options: O = {} as O,
): EnvVar<Resolved<number, O>> {
  return envVar('a number from 0 to 1', options, (raw) => {
    const value = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || !Number.isFinite(value)) {
      return fail(`must be a number from 0 to 1, got "${raw}"`);
    }
    if (value > 1) return fail(`must be between 0 and 1, got ${raw}`);
    return ok(value);
  }) as EnvVar<Resolved<number, O>>;
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

export function bool<O extends Presence<boolean>>(
  options: O = {} as O,
): EnvVar<Resolved<boolean, O>> {
  return envVar('true/false (also 1/0, yes/no, on/off)', options, (raw) => {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.includes(word)) return ok(true);
    if (FALSE_WORDS.includes(word)) return ok(false);
    return fail(`must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}, got "${raw}"`);
  }) as EnvVar<Resolved<boolean, O>>;
}

export function oneOf<const V extends string, O extends Presence<V>>(
  values: readonly V[],
  options: O = {} as O,
): EnvVar<Resolved<V, O>> {
  return envVar(`one of ${values.join(', ')}`, options, (raw) =>
    (values as readonly string[]).includes(raw)
      ? ok(raw as V)
      : fail(`must be one of ${values.join(', ')}, got "${raw}"`),
  ) as EnvVar<Resolved<V, O>>;
}

export interface UrlOptions extends Presence<string> {
  /** Allowed schemes with the trailing colon, e.g. `['http:', 'https:']`. */
  protocols?: string[];
}

export function url<O extends UrlOptions>(options: O = {} as O): EnvVar<Resolved<string, O>> {
  const protocols = options.protocols;
  const expects = protocols ? `a URL (${protocols.join(' or ')})` : 'an absolute URL';
  return envVar(expects, options, (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return fail('must be an absolute URL');
    }
    if (protocols && !protocols.includes(parsed.protocol)) {
      return fail(`must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
    }
    return ok(raw);
  }) as EnvVar<Resolved<string, O>>;
}

export interface StringOptions extends Presence<string> {
  pattern?: RegExp;
  /** Said in the error when `pattern` does not match. */
  patternHint?: string;
  maxLength?: number;
}

export function string<O extends StringOptions>(options: O = {} as O): EnvVar<Resolved<string, O>> {
  const hint = options.patternHint ?? (options.pattern ? `matching ${options.pattern}` : 'text');
  return envVar(hint, options, (raw) => {
    if (options.maxLength !== undefined && raw.length > options.maxLength) {
      return fail(`must be at most ${options.maxLength} characters`);
    }
    if (options.pattern && !options.pattern.test(raw)) return fail(`must be ${hint}, got "${raw}"`);
    return ok(raw);
  }) as EnvVar<Resolved<string, O>>;
}

/** A check across several variables, run once every variable parsed on its own. */
export type ConfigRule<S extends EnvSpec> = (
  config: ConfigOf<S>,
  env: NodeJS.ProcessEnv,
) => ConfigError[];

/** Parses every variable of `spec` from `env` and collects all errors instead of stopping at the first. */
export function parseConfig<S extends EnvSpec>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
  rules: readonly ConfigRule<S>[] = [],
): ConfigResult<S> {
  const config: Record<string, unknown> = {};
  const errors: ConfigError[] = [];
  for (const [variable, definition] of Object.entries(spec)) {
    const result = definition.parse(env[variable]);
    if (result.ok) config[variable] = result.value;
    else errors.push({ variable, value: env[variable], reason: result.reason });
  }
  if (errors.length > 0) return { ok: false, errors };
  const ruleErrors = rules.flatMap((rule) => rule(config as ConfigOf<S>, env));
  return ruleErrors.length === 0
    ? { ok: true, config: config as ConfigOf<S> }
    : { ok: false, errors: ruleErrors };
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
export function loadConfigOrExit<S extends EnvSpec>(
  spec: S,
  options: LoadConfigOptions & { rules?: readonly ConfigRule<S>[] } = {},
): ConfigOf<S> {
  const result = parseConfig(spec, options.env ?? process.env, options.rules);
  if (result.ok) return result.config;
  (options.write ?? ((text) => process.stderr.write(text)))(formatConfigErrors(result.errors));
  return (options.exit ?? process.exit)(1);
}
