// The scripts and the run: step the deploy jobs use to decide WHAT to deploy WHERE, run with real
// bash and jq: the auto-deploy environments come from the config files, the images from the
// build legs' digests, and promote's images from the source environment's config.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStep, outputs, REPO_ROOT, runBash, SCRIPTS, workflow } from './helpers/workflows.js';

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
