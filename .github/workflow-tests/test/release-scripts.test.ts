// The scripts and the run: step the deploy jobs use to decide WHAT to deploy WHERE, run with real
// bash and jq: the auto-deploy environments come from the config files, the images from the
// build legs' digests, and promote's images from the source environment's config.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findStep, outputs, REPO_ROOT, runBash, SCRIPTS, workflow } from './support/workflows.js';

const TAG = `sha-${'1a2b3c4d'.repeat(5)}`;
const digest = (hex: string) => `sha256:${hex.repeat(64).slice(0, 64)}`;

/** A repository root with manifests/config/<env>.json files made from `configs`. */
function repoWith(configs: Record<string, object>): string {
  const root = mkdtempSync(join(tmpdir(), 'release-scripts-'));
  mkdirSync(join(root, 'manifests', 'config'), { recursive: true });
  for (const [file, config] of Object.entries(configs)) {
    writeFileSync(join(root, 'manifests', 'config', file), JSON.stringify(config, null, 2));
  }
  return root;
}

const app = (tag: string, digestValue?: string) => ({
  image: {
    repository: 'ghcr.io/o/r/x',
    tag,
    ...(digestValue ? { digest: digestValue } : {}),
  },
});

describe('auto-deploy-environments.sh', () => {
  const script = `bash ${join(SCRIPTS, 'auto-deploy-environments.sh')}`;

  it('lists every environment whose config says "autoDeploy": true', () => {
    const root = repoWith({
      'dev.json': { apps: {}, autoDeploy: true },
      'local.json': { apps: {}, autoDeploy: true },
      'prod.json': { apps: {}, autoDeploy: false },
      'staging.json': { apps: {} },
      'schema.json': { $schema: 'https://json-schema.org/draft/2020-12/schema' },
    });
    const run = runBash(script, root, {});
    expect(run.status).toBe(0);
    expect(outputs(run.output)).toEqual({ environments: 'dev local' });
  });

  it('fails, saying why, when no environment is auto-deployed', () => {
    const root = repoWith({ 'prod.json': { apps: {}, autoDeploy: false } });
    const run = runBash(script, root, {});
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::no manifests/config/<env>.json has "autoDeploy": true');
    expect(run.output).toBe('');
  });

  it('this repository auto-deploys dev and local (and not prod)', () => {
    const run = runBash(script, REPO_ROOT, {});
    expect(outputs(run.output)).toEqual({ environments: 'dev local' });
  });
});

describe('release-images.sh', () => {
  const script = (dir: string) => `bash ${join(SCRIPTS, 'release-images.sh')} ${dir}`;

  it('pairs every built app with the release tag and its digest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digests-'));
    writeFileSync(join(dir, 'api'), `${digest('a1')}\n`);
    writeFileSync(join(dir, 'frontend'), `${digest('f1')}\n`);
    const run = runBash(script(dir), REPO_ROOT, { TAG });
    expect(run.status).toBe(0);
    expect(outputs(run.output)).toEqual({
      images: `api=${TAG}@${digest('a1')} frontend=${TAG}@${digest('f1')}`,
    });
  });

  it('fails when the build recorded no digest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digests-'));
    const run = runBash(script(dir), REPO_ROOT, { TAG });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::no image digests');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("promote.yml: reading the source environment's images", () => {
  const step = findStep(workflow('promote.yml'), 'promote', 'source');

  it('gives one app=tag[@digest] pair per app, for all apps or the one asked for', () => {
    const root = repoWith({
      'local.json': { apps: { api: app(TAG, digest('a1')), frontend: app('0.1.0') } },
    });
    const all = runBash(step.run ?? '', root, { APP: 'all', FROM: 'local' });
    expect(all.status).toBe(0);
    expect(outputs(all.output)).toEqual({ images: `api=${TAG}@${digest('a1')} frontend=0.1.0` });
    const one = runBash(step.run ?? '', root, { APP: 'frontend', FROM: 'local' });
    expect(outputs(one.output)).toEqual({ images: 'frontend=0.1.0' });
  });

  it('fails naming the app that is not in the config', () => {
    const root = repoWith({ 'dev.json': { apps: { api: app(TAG) } } });
    const run = runBash(step.run ?? '', root, { APP: 'worker', FROM: 'dev' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::no app "worker" in manifests/config/dev.json');
    expect(readFileSync(join(root, 'manifests/config/dev.json'), 'utf8')).toContain(TAG);
  });
});

describe('release.yml: merging the architectures into one index', () => {
  const release = workflow('release.yml');

  /** A `docker` on PATH that records its arguments and answers `imagetools inspect` like buildx. */
  function fakeDocker(indexDigest: string): { bin: string; calls: string } {
    const bin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
    const calls = join(bin, 'calls');
    writeFileSync(
      join(bin, 'docker'),
      `#!/usr/bin/env bash
printf '%s\\n' "$*" >> ${calls}
if [ "$3" = inspect ]; then printf '{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"${indexDigest}"}\\n'; fi
`,
      { mode: 0o755 },
    );
    return { bin, calls };
  }

  it('tags one index made of every platform digest, and outputs its digest', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'merge-'));
    // What the build legs left: one file per platform image, named by and holding its digest.
    mkdirSync(join(cwd, 'platform-digests'));
    for (const hex of ['a1', 'b2']) {
      writeFileSync(join(cwd, 'platform-digests', digest(hex).slice(7)), `${digest(hex)}\n`);
    }
    const docker = fakeDocker(digest('c3'));
    const step = findStep(release, 'merge', 'index');

    const run = runBash(step.run ?? '', cwd, {
      PATH: `${docker.bin}:${process.env.PATH}`,
      GITHUB_REPOSITORY: 'Student-Fork/GitOps-Lab',
      APP: 'api',
      TAG,
    });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const image = 'ghcr.io/student-fork/gitops-lab/api';
    expect(readFileSync(docker.calls, 'utf8')).toBe(
      `buildx imagetools create --tag ${image}:${TAG} ${image}@${digest('a1')} ${image}@${digest('b2')}\n` +
        `buildx imagetools inspect ${image}:${TAG} --format {{json .Manifest}}\n`,
    );
    expect(outputs(run.output)).toEqual({ image, digest: digest('c3') });
  });

  it('each build leg records its digest in a file named by it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'build-leg-'));
    const step = findStep(release, 'build', "Record the platform image's digest");
    const run = runBash(step.run ?? '', cwd, { DIGEST: digest('a1') });
    expect(run.status).toBe(0);
    expect(readdirSync(join(cwd, 'platform-digests'))).toEqual([digest('a1').slice(7)]);
  });
});

describe('dependabot.yml', () => {
  const config = parse(readFileSync(join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
    updates: {
      'package-ecosystem': string;
      directory?: string;
      directories?: string[];
      cooldown?: { 'default-days'?: number };
      groups?: Record<string, unknown>;
    }[];
  };

  it('covers npm, GitHub Actions and every app Dockerfile, grouped, with a cooldown', () => {
    expect(config.updates.map((u) => u['package-ecosystem'])).toEqual([
      'npm',
      'github-actions',
      'docker',
    ]);
    for (const update of config.updates) {
      expect(update.cooldown?.['default-days']).toBeGreaterThanOrEqual(7);
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0);
    }
    const apps = readdirSync(join(REPO_ROOT, 'apps')).filter((app) =>
      existsSync(join(REPO_ROOT, 'apps', app, 'Dockerfile')),
    );
    expect(config.updates[2]?.directories).toEqual(apps.map((app) => `/apps/${app}`));
  });
});
