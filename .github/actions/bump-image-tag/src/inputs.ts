// Parses and validates the action's inputs with zod. Every problem is collected, and the error
// names each bad input, so one failed run tells the user everything to fix.
import { imageDigestSchema, imageTagSchema } from '@gitops-lab/image-reference';
import { z } from 'zod';

/** The keyword that asks for the tag the app had before its current one (see previous-tag.ts). */
export const PREVIOUS = 'previous';

export type Mode = 'push' | 'pull-request';

export interface ImageRequest {
  app: string;
  /** A deployable tag, or PREVIOUS. */
  tag: string;
  /** The image's digest, when the caller knows it (release.yml does). */
  digest?: string;
}

export interface Author {
  name: string;
  email: string;
}

export interface BumpRequest {
  /** One or more environments, all changed in one commit. */
  environments: string[];
  images: ImageRequest[];
  mode: Mode;
  token: string;
  author: Author;
  synthCommand: string;
  /** Branch to push to (push mode) or to open the pull request against; empty = the checked-out one. */
  branch: string;
  maxAttempts: number;
  skipCi: boolean;
  /** Only tags a release of the branch already deployed (rollback, promote); false: release.yml. */
  releasedOnly: boolean;
}

/** Input values as strings, keyed by the input names of action.yml (in that order). */
export const INPUT_NAMES = [
  'environment',
  'images',
  'app',
  'tag',
  'mode',
  'token',
  'author',
  'synth-command',
  'branch',
  'max-attempts',
  'skip-ci',
  'released-only',
] as const;
export type RawInputs = Record<(typeof INPUT_NAMES)[number], string>;

/** What exists in the repository: environment name → app names in its config file. */
export type KnownApps = Map<string, string[]>;

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid input:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InputError';
  }
}

export function parseInputs(raw: RawInputs, known: KnownApps): BumpRequest {
  const result = inputsSchema(raw, known).safeParse(raw);
  if (result.success) return result.data;
  // The path names the input (and the app): "images: api: ...".
  throw new InputError(result.error.issues.map((i) => [...i.path, i.message].join(': ')));
}

/**
 * The inputs' schema. Three rules depend on another input (which apps exist depends on the
 * environments, whether images or app + tag carry the pair, whether a token is required depends on
 * the mode), so the schema is built for these inputs: each problem is then reported on its input,
 * all at once, in action.yml's order.
 */
function inputsSchema(raw: RawInputs, known: KnownApps) {
  const environment = environmentSchema(known);
  const requested = environment.safeParse(raw.environment).data ?? [];
  const apps = appsInAll(requested, known);
  const onePair = raw.app.trim() !== '';
  const mode = z.enum(['push', 'pull-request'], {
    error: (issue) => `"${String(issue.input)}" is not "push" or "pull-request"`,
  });
  return z
    .object({
      environment,
      images: onePair
        ? z
            .string()
            .trim()
            .max(0, 'give either images or app + tag, not both')
            .transform((): ImageRequest[] => [])
        : imagesSchema(requested, apps),
      app: onePair ? appSchema(requested, apps) : z.string(),
      tag: onePair
        ? singleTagSchema
        : z.string().trim().max(0, 'only with app (app + tag name one image)'),
      mode: z.string().trim().pipe(mode),
      token:
        raw.mode.trim() === 'pull-request'
          ? z.string().trim().min(1, 'required in pull-request mode')
          : z.string().trim(),
      author: z.string().transform((value, ctx) => {
        const match = /^\s*([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
        if (match?.[1] && match[2]) return { name: match[1], email: match[2] };
        ctx.addIssue({ code: 'custom', message: `"${value}" is not "Name <email>"` });
        return z.NEVER;
      }),
      'synth-command': z.string().trim().min(1, 'required'),
      branch: z.string().trim(),
      'max-attempts': z
        .string()
        .refine((value) => Number.isInteger(Number(value)) && +value >= 1 && +value <= 20, {
          error: (issue) => `"${String(issue.input)}" is not a whole number from 1 to 20`,
        })
        .transform(Number),
      'skip-ci': booleanInput,
      'released-only': booleanInput,
    })
    .transform(
      (inputs): BumpRequest => ({
        environments: inputs.environment,
        images: onePair ? [{ app: inputs.app, tag: inputs.tag }] : inputs.images,
        mode: inputs.mode,
        token: inputs.token,
        author: inputs.author,
        synthCommand: inputs['synth-command'],
        branch: inputs.branch,
        maxAttempts: inputs['max-attempts'],
        skipCi: inputs['skip-ci'],
        releasedOnly: inputs['released-only'],
      }),
    );
}

const booleanInput = z
  .string()
  .trim()
  .pipe(
    z.enum(['true', 'false'], { error: (i) => `"${String(i.input)}" is not "true" or "false"` }),
  )
  .transform((value) => value === 'true');

/** One or more environment names, separated by newlines, commas or spaces; each has a config file. */
function environmentSchema(known: KnownApps) {
  return z.string().transform((text, ctx) => {
    const names = [...new Set(words(text))];
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'required' });
    for (const name of names.filter((n) => !known.has(n))) {
      ctx.addIssue({
        code: 'custom',
        message: `"${name}" has no manifests/config/${name}.json (known: ${list([...known.keys()])})`,
      });
    }
    return names;
  });
}

/** `app=tag` or `app=tag@sha256:<digest>` pairs separated by newlines, commas or spaces. */
function imagesSchema(environments: string[], apps: string[] | undefined) {
  return z.string().transform((text, ctx) => {
    const pairs = words(text);
    if (pairs.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'required (one or more app=tag pairs)' });
    }
    const images: ImageRequest[] = [];
    for (const pair of pairs) {
      const [app = '', reference = '', ...rest] = pair.split('=');
      if (!app || !reference || rest.length > 0) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not app=tag` });
        continue;
      }
      const unknown = unknownApp(app, environments, apps);
      if (unknown) ctx.addIssue({ code: 'custom', message: unknown });
      if (images.some((i) => i.app === app)) {
        ctx.addIssue({ code: 'custom', message: `app "${app}" is given twice` });
      }
      const [tag = '', digest] = reference.split('@');
      for (const problem of referenceProblems(tag, digest)) {
        ctx.addIssue({ code: 'custom', path: [app], message: problem });
      }
      images.push(digest ? { app, tag, digest } : { app, tag });
    }
    // App order, whatever the input order: commit subjects and PR titles stay stable.
    return images.sort((a, b) => a.app.localeCompare(b.app));
  });
}

function appSchema(environments: string[], apps: string[] | undefined) {
  return z
    .string()
    .trim()
    .superRefine((app, ctx) => {
      const unknown = unknownApp(app, environments, apps);
      if (unknown) ctx.addIssue({ code: 'custom', message: unknown });
    });
}

/** Exactly one tag (or `previous`): a second `app=tag` pair typed into it is refused, not split. */
const singleTagSchema = z.string().superRefine((tag, ctx) => {
  if (!tag) ctx.addIssue({ code: 'custom', message: 'required with app' });
  else if (tag !== PREVIOUS) {
    const problem = imageTagSchema.safeParse(tag).error?.issues[0]?.message;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }
});

function referenceProblems(tag: string, digest: string | undefined): string[] {
  if (tag === PREVIOUS) return digest === undefined ? [] : ['"previous" takes no @digest'];
  const problems = imageTagSchema.safeParse(tag).error?.issues.map((i) => i.message) ?? [];
  if (digest !== undefined) {
    problems.push(
      ...(imageDigestSchema.safeParse(digest).error?.issues.map((i) => i.message) ?? []),
    );
  }
  return problems;
}

function unknownApp(app: string, environments: string[], apps: string[] | undefined) {
  if (!apps || apps.includes(app)) return undefined;
  const where = environments.map((e) => `"${e}"`).join(', ');
  const noun = environments.length > 1 ? 'environments' : 'environment';
  return `unknown app "${app}" in ${noun} ${where} (known: ${list(apps)})`;
}

/** The apps every requested environment declares; undefined when no environment is known yet. */
function appsInAll(environments: string[], known: KnownApps): string[] | undefined {
  const lists = environments.flatMap((e) => {
    const apps = known.get(e);
    return apps ? [apps] : [];
  });
  const [first, ...others] = lists;
  return first?.filter((app) => others.every((apps) => apps.includes(app)));
}

function words(text: string): string[] {
  return text.split(/[\s,]+/).filter((w) => w.length > 0);
}

function list(names: string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}
