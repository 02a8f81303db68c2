// Real git repositories for the integration tests: a bare "GitHub" remote in a temp dir, seeded
// with a config per environment and the fixture renderer, and clones of it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseTag } from './tags.js';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** git with no user/system config, so the machine's settings cannot change results. */
export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

export interface Tags {
  api: string;
  frontend: string;
}

export const INITIAL_TAGS: Tags = { api: releaseTag('a'), frontend: releaseTag('b') };

/** A config file; `autoDeploy` as the manifests configs declare it (dev and local: true). */
export function configText(tags: Tags, autoDeploy = true): string {
  const image = (app: keyof Tags) =>
    `{ "repository": "ghcr.io/student/gitops-lab/${app}", "tag": "${tags[app]}" }`;
  // Not JSON.stringify's layout on purpose: the bump must keep the file's own formatting.
  return `{
  "apps": {
    "api": { "image": ${image('api')}, "replicas": 2 },
    "frontend": { "image": ${image('frontend')}, "replicas": 2 }
  },
  "autoDeploy": ${autoDeploy},
  "domain": "dev.example.com"
}
`;
}

export interface RemoteRepo {
  root: string;
  remote: string;
}

/**
 * A bare remote whose main has dev + local (auto-deploy) and prod configs, the renderer and the
 * rendered files.
 */
export function createRemote(tags: Tags = INITIAL_TAGS): RemoteRepo {
  const root = mkdtempSync(join(tmpdir(), 'bump-image-tag-'));
  const remote = join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const seed = join(root, 'seed');
  git(root, 'init', '--quiet', '--initial-branch=main', seed);
  mkdirSync(join(seed, 'manifests/config'), { recursive: true });
  mkdirSync(join(seed, 'scripts'), { recursive: true });
  copyFileSync(join(FIXTURES, 'render.mjs'), join(seed, 'scripts/render.mjs'));
  writeFileSync(join(seed, 'manifests/config/dev.json'), configText(tags));
  writeFileSync(join(seed, 'manifests/config/local.json'), configText(tags));
  writeFileSync(join(seed, 'manifests/config/prod.json'), configText(tags, false));
  writeFileSync(join(seed, 'README.md'), '# app\n');
  execFileSync('node', ['scripts/render.mjs'], { cwd: seed });
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'initial');
  git(seed, 'push', '--quiet', remote, 'HEAD:main');
  return { root, remote };
}

export function cloneRemote(repo: RemoteRepo, name: string): string {
  const dir = join(repo.root, name);
  git(repo.root, 'clone', '--quiet', repo.remote, dir);
  return dir;
}

/** A file's content on a branch of the bare remote. */
export function remoteFile(repo: RemoteRepo, path: string, ref = 'main'): string {
  return git(repo.remote, 'show', `${ref}:${path}`);
}
