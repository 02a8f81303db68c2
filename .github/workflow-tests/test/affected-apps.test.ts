// Runs .github/scripts/affected-apps.sh (release.yml, job "changes") for real: bash, git and the
// lockfile's turbo on a clone of this repository, with the variables GitHub sets for a push.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputs, REPO_ROOT, runBash, SCRIPTS } from './support/workflows.js';

jest.setTimeout(120_000);

const SCRIPT = `bash ${join(SCRIPTS, 'affected-apps.sh')}`;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });

let root = '';
let clone = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'release-affected-'));
  clone = join(root, 'repo');
  git(root, 'clone', '--quiet', REPO_ROOT, clone);
  // What `npm ci --workspaces=false` gives the job: the lockfile's turbo in node_modules/.bin.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function commitChange(file: string): { before: string; sha: string } {
  const before = git(clone, 'rev-parse', 'HEAD').trim();
  appendFileSync(join(clone, file), '\n// touched by affected-apps.test.ts\n');
  git(clone, 'commit', '--quiet', '-am', `touch ${file}`);
  return { before, sha: git(clone, 'rev-parse', 'HEAD').trim() };
}

function affected(event: string, before: string, sha: string, cwd = clone) {
  const run = runBash(SCRIPT, cwd, {
    EVENT: event,
    BEFORE: before,
    GITHUB_SHA: sha,
    TURBO_TELEMETRY_DISABLED: '1',
  });
  return { ...run, outputs: outputs(run.output) };
}

describe('affected-apps.sh', () => {
  it('a change in apps/api builds only the api, tagged with the full commit SHA', () => {
    const { before, sha } = commitChange('apps/api/src/main.ts');
    const run = affected('push', before, sha);
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ apps: '["api"]', tag: `sha-${sha}` });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a change in a shared package builds both apps', () => {
    const { before, sha } = commitChange('packages/service-kit/tsconfig.json');
    expect(affected('push', before, sha).outputs).toEqual({
      apps: '["api","frontend"]',
      tag: `sha-${sha}`,
    });
  });

  it("a change in the script that makes both images' node stage builds both apps", () => {
    // scripts/node-runtime-rootfs.sh is in turbo.json's globalDependencies for this reason.
    const { before, sha } = commitChange('scripts/node-runtime-rootfs.sh');
    expect(affected('push', before, sha).outputs.apps).toBe('["api","frontend"]');
  });

  it('a change outside the apps and their dependencies builds nothing', () => {
    const { before, sha } = commitChange('infra/tsconfig.json');
    expect(affected('push', before, sha).outputs.apps).toBe('[]');
  });

  it('a manual run, a new branch or an unknown before commit builds every app', () => {
    const sha = git(clone, 'rev-parse', 'HEAD').trim();
    const all = '["api","frontend"]';
    expect(affected('workflow_dispatch', '', sha).outputs.apps).toBe(all);
    expect(affected('push', '0'.repeat(40), sha).outputs.apps).toBe(all);
    expect(affected('push', 'f'.repeat(40), sha).outputs.apps).toBe(all);
  });

  it('fails instead of downloading a turbo when the lockfile install is missing', () => {
    const bare = join(root, 'no-install');
    git(root, 'clone', '--quiet', clone, bare);
    const sha = git(bare, 'rev-parse', 'HEAD').trim();
    const before = git(bare, 'rev-parse', 'HEAD~1').trim();
    const run = affected('push', before, sha, bare);
    expect(run.status).not.toBe(0);
    expect(run.output).toBe('');
  });
});
