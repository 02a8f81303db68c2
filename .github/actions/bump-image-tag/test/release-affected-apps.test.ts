// Runs release.yml's "Find the apps this push affects" script for real: bash, git and turbo on a
// clone of this repository, with the variables GitHub sets for a push.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { git } from './helpers/git-repo.js';

jest.setTimeout(120_000);

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

interface Step {
  id?: string;
  run?: string;
}
const release = parse(readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: { changes: { steps: Step[] } };
};
const script = release.jobs.changes.steps.find((s) => s.id === 'affected')?.run ?? '';

let root = '';
let clone = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'release-affected-'));
  clone = join(root, 'repo');
  git(root, 'clone', '--quiet', REPO_ROOT, clone);
  // The runner's `npx turbo@<version>` finds this version locally instead of downloading it.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function commitChange(file: string): { before: string; sha: string } {
  const before = git(clone, 'rev-parse', 'HEAD').trim();
  appendFileSync(join(clone, file), '\n// touched by release-affected-apps.test.ts\n');
  git(clone, 'commit', '--quiet', '-am', `touch ${file}`);
  return { before, sha: git(clone, 'rev-parse', 'HEAD').trim() };
}

/** Runs the step as the runner does (`bash --noprofile --norc -eo pipefail`) and reads its outputs. */
function affected(event: string, before: string, sha: string): Record<string, string> {
  const output = join(root, 'output');
  writeFileSync(output, '');
  const file = join(root, 'step.sh');
  writeFileSync(file, script);
  execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: clone,
    env: {
      ...process.env,
      EVENT: event,
      BEFORE: before,
      GITHUB_SHA: sha,
      GITHUB_OUTPUT: output,
      TURBO_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Object.fromEntries(
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('release.yml: affected apps', () => {
  it('a change in apps/api builds only the api', () => {
    const { before, sha } = commitChange('apps/api/src/main.ts');
    const tag = `sha-${sha.slice(0, 7)}`;
    expect(affected('push', before, sha)).toEqual({
      apps: '["api"]',
      images: `api=${tag}`,
      tag,
    });
  });

  it('a change in a shared package builds both apps', () => {
    const { before, sha } = commitChange('packages/service-kit/tsconfig.json');
    const tag = `sha-${sha.slice(0, 7)}`;
    expect(affected('push', before, sha)).toEqual({
      apps: '["api","frontend"]',
      images: `api=${tag} frontend=${tag}`,
      tag,
    });
  });

  it('a change outside the apps and their dependencies builds nothing', () => {
    const { before, sha } = commitChange('infra/src/config.ts');
    expect(affected('push', before, sha).apps).toBe('[]');
  });

  it('a manual run, a new branch or an unknown before commit builds every app', () => {
    const sha = git(clone, 'rev-parse', 'HEAD').trim();
    const all = '["api","frontend"]';
    expect(affected('workflow_dispatch', '', sha).apps).toBe(all);
    expect(affected('push', '0000000000000000000000000000000000000000', sha).apps).toBe(all);
    expect(affected('push', 'f'.repeat(40), sha).apps).toBe(all);
  });
});
