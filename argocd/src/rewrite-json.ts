// Edits single string values in JSON files the way a person would: only the value changes,
// the file's own formatting (inline arrays, key order, spacing) stays as it was.
import { applyEdits, modify, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { type ForkIdentity, imageRepository, repoUrl } from './fork-identity.js';

type JsonPath = Array<string>;

function parseJson(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true });
  const [error] = errors;
  if (error) {
    throw new Error(
      `${file}: invalid JSON (${printParseErrorCode(error.error)} at offset ${error.offset})`,
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setString(text: string, path: JsonPath, value: string): string {
  const edits = modify(text, path, value, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
  });
  return applyEdits(text, edits);
}

/**
 * manifests/config/<env>.json: sets apps.<app>.image.repository to ghcr.io/<owner>/<repo>/<app>
 * for every app. Touches nothing else (the tag belongs to CI's bump).
 */
export function rewriteImageRepositories(text: string, file: string, fork: ForkIdentity): string {
  const config = parseJson(text, file);
  const apps = isObject(config) ? config.apps : undefined;
  if (!isObject(apps)) throw new Error(`${file}: expected an "apps" object`);
  let result = text;
  for (const [app, appConfig] of Object.entries(apps)) {
    const image = isObject(appConfig) ? appConfig.image : undefined;
    if (!isObject(image)) throw new Error(`${file}: expected apps.${app}.image to be an object`);
    const wanted = imageRepository(fork, app);
    if (image.repository !== wanted) {
      result = setString(result, ['apps', app, 'image', 'repository'], wanted);
    }
  }
  return result;
}

/** infra/cdk.json: the context keys the AWS stacks read the fork from. */
export function rewriteCdkContext(text: string, file: string, fork: ForkIdentity): string {
  const cdk = parseJson(text, file);
  const context = isObject(cdk) ? cdk.context : undefined;
  if (!isObject(context)) throw new Error(`${file}: expected a "context" object`);
  // githubRepo keeps GitHub's spelling: it ends up in the OIDC trust policy, and the
  // token's `sub` claim is compared case-sensitively.
  const wanted: Array<[string, string]> = [
    ['repoUrl', repoUrl(fork)],
    ['githubRepo', `${fork.owner}/${fork.repo}`],
  ];
  // Pinned GitHub IDs (githubOwnerId/githubRepoId) belong to the repository they were read from:
  // kept for another repository they would lock the CI role to the old one. Clear them.
  if (context.githubRepo !== `${fork.owner}/${fork.repo}`) {
    for (const key of ['githubOwnerId', 'githubRepoId']) {
      const pinned = context[key];
      if (typeof pinned === 'number' || (typeof pinned === 'string' && pinned !== '')) {
        wanted.push([key, '']);
      }
    }
  }
  let result = text;
  for (const [key, value] of wanted) {
    if (context[key] !== value) result = setString(result, ['context', key], value);
  }
  return result;
}
