// Parses and validates the action's inputs. Every problem is collected, and the error names each
// bad input, so one failed run tells the user everything to fix.
import { PREVIOUS, tagProblem } from './image-tag.js';

export type Mode = 'push' | 'pull-request';

export interface ImageRequest {
  app: string;
  /** A deployable tag, or PREVIOUS. */
  tag: string;
}

export interface Author {
  name: string;
  email: string;
}

export interface BumpRequest {
  environment: string;
  images: ImageRequest[];
  mode: Mode;
  token: string;
  author: Author;
  synthCommand: string;
  /** Branch to push to (push mode) or to open the pull request against; empty = the checked-out one. */
  branch: string;
  maxAttempts: number;
  skipCi: boolean;
}

/** Input values as strings, keyed by the input names of action.yml. */
export type RawInputs = Record<
  | 'environment'
  | 'images'
  | 'mode'
  | 'token'
  | 'author'
  | 'synth-command'
  | 'branch'
  | 'max-attempts'
  | 'skip-ci',
  string
>;

/** What exists in the repository: environment name → app names in its config file. */
export type KnownApps = Map<string, string[]>;

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid input:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InputError';
  }
}

const AUTHOR = /^\s*([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/;

export function parseInputs(raw: RawInputs, known: KnownApps): BumpRequest {
  const problems: string[] = [];
  const environment = raw.environment.trim();
  const apps = known.get(environment);
  if (!environment) problems.push('environment: required');
  else if (!apps) {
    problems.push(
      `environment: "${environment}" has no manifests/config/${environment}.json (known: ${list([...known.keys()])})`,
    );
  }

  const images = parseImages(raw.images, environment, apps, problems);

  const mode = raw.mode.trim();
  if (mode !== 'push' && mode !== 'pull-request') {
    problems.push(`mode: "${mode}" is not "push" or "pull-request"`);
  }
  const token = raw.token.trim();
  if (mode === 'pull-request' && !token) problems.push('token: required in pull-request mode');

  const author = AUTHOR.exec(raw.author);
  if (!author?.[1] || !author[2]) problems.push(`author: "${raw.author}" is not "Name <email>"`);

  const synthCommand = raw['synth-command'].trim();
  if (!synthCommand) problems.push('synth-command: required');

  const maxAttempts = Number(raw['max-attempts']);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    problems.push(`max-attempts: "${raw['max-attempts']}" is not a whole number from 1 to 20`);
  }
  const skipCi = raw['skip-ci'].trim();
  if (skipCi !== 'true' && skipCi !== 'false') {
    problems.push(`skip-ci: "${skipCi}" is not "true" or "false"`);
  }

  if (problems.length > 0) throw new InputError(problems);
  return {
    environment,
    images,
    mode: mode as Mode,
    token,
    author: { name: author?.[1] ?? '', email: author?.[2] ?? '' },
    synthCommand,
    branch: raw.branch.trim(),
    maxAttempts,
    skipCi: skipCi === 'true',
  };
}

/** `app=tag` pairs separated by newlines, commas or spaces. */
function parseImages(
  text: string,
  environment: string,
  apps: string[] | undefined,
  problems: string[],
): ImageRequest[] {
  const pairs = text.split(/[\s,]+/).filter((p) => p.length > 0);
  if (pairs.length === 0) problems.push('images: required (one or more app=tag pairs)');
  const images: ImageRequest[] = [];
  for (const pair of pairs) {
    const [app = '', tag = '', ...rest] = pair.split('=');
    if (!app || !tag || rest.length > 0) {
      problems.push(`images: "${pair}" is not app=tag`);
      continue;
    }
    if (apps && !apps.includes(app)) {
      problems.push(
        `images: unknown app "${app}" in environment "${environment}" (known: ${list(apps)})`,
      );
    }
    if (images.some((i) => i.app === app)) problems.push(`images: app "${app}" is given twice`);
    const problem = tag === PREVIOUS ? undefined : tagProblem(tag);
    if (problem) problems.push(`images: ${app}: ${problem}`);
    images.push({ app, tag });
  }
  // App order, whatever the input order: commit subjects and PR titles stay stable.
  return images.sort((a, b) => a.app.localeCompare(b.app));
}

function list(names: string[]): string {
  return names.length > 0 ? names.join(', ') : 'none';
}
