// Rollback through the action as rollback.yml calls it (app + tag, released-only by default): it
// may only choose images a release of main deployed, found in the history of the auto-deploy
// environments' config files. A preview image or a never-released tag is refused, naming it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cloneRemote,
  configText,
  createRemote,
  git,
  INITIAL_TAGS,
  type RemoteRepo,
  remoteFile,
} from './support/git-repo.js';
import { runAction } from './support/run-action.js';
import { digest, releaseTag } from './support/tags.js';

jest.setTimeout(90_000);

const RENDER = 'node scripts/render.mjs';
const [FIRST, SECOND] = [releaseTag('b001'), releaseTag('c002')];

/** A remote where release.yml deployed FIRST, then SECOND (with digests) to dev and local. */
async function releasedTwice(): Promise<{ repo: RemoteRepo; clone: string }> {
  const repo = createRemote();
  const clone = cloneRemote(repo, 'clone');
  for (const [tag, hex] of [
    [FIRST, 'd1'],
    [SECOND, 'd2'],
  ] as const) {
    const release = await runAction(clone, {
      environment: 'dev local',
      images: `api=${tag}@${digest(hex)}`,
      'synth-command': RENDER,
      'released-only': 'false',
    });
    expect(release.code).toBe(0);
  }
  return { repo, clone };
}

function rollback(clone: string, environment: string, tag: string) {
  return runAction(clone, { environment, app: 'api', tag, 'synth-command': RENDER });
}

function remoteApi(repo: RemoteRepo, env: string) {
  return JSON.parse(remoteFile(repo, `manifests/config/${env}.json`)).apps.api.image;
}

describe('rollback: only released images', () => {
  it('rolls back to "previous" with the digest its release recorded', async () => {
    const { repo, clone } = await releasedTwice();

    const run = await rollback(clone, 'dev', 'previous');

    expect(run.code).toBe(0);
    expect(remoteApi(repo, 'dev')).toEqual({
      repository: 'ghcr.io/student/gitops-lab/api',
      tag: FIRST,
      digest: digest('d1'),
    });
    expect(git(repo.remote, 'log', '-1', '--format=%B', 'main')).toContain(
      `api (dev): ${SECOND}@${digest('d2')} → ${FIRST}@${digest('d1')}`,
    );
  });

  it('rolls local (the kind cluster) back just like dev', async () => {
    const { repo, clone } = await releasedTwice();

    const run = await rollback(clone, 'local', 'previous');

    expect(run.code).toBe(0);
    expect(remoteApi(repo, 'local')).toMatchObject({ tag: FIRST, digest: digest('d1') });
    expect(remoteApi(repo, 'dev')).toMatchObject({ tag: SECOND, digest: digest('d2') });
  });

  it('rolls prod (not auto-deployed) back to a tag a release deployed to dev', async () => {
    const { repo, clone } = await releasedTwice();

    const run = await rollback(clone, 'prod', FIRST);

    expect(run.code).toBe(0);
    expect(remoteApi(repo, 'prod')).toMatchObject({ tag: FIRST, digest: digest('d1') });
  });

  it('refuses a tag no release of main deployed, and a preview image, pushing nothing', async () => {
    const { repo, clone } = await releasedTwice();
    const before = git(repo.remote, 'rev-parse', 'main');
    // A commit that exists (a pull request's head, say) but was never released.
    const unreleased = releaseTag('feed');

    const never = await rollback(clone, 'dev', unreleased);
    expect(never.code).toBe(1);
    expect(never.stdout).toContain(
      `images: api: ${unreleased} was never released on main (not in the history of an auto-deploy environment's config)`,
    );

    // Preview images are pushed as …/preview/<app>:pr-<n>-<sha>: not a release tag at all.
    const preview = await rollback(clone, 'dev', `pr-7-${FIRST.slice(4)}`);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain(`tag: "pr-7-${FIRST.slice(4)}" is not sha-<40 hex>`);

    // A second pair typed into the target is refused as a bad tag, not deployed.
    const smuggled = await rollback(clone, 'dev', `${FIRST} frontend=${unreleased}`);
    expect(smuggled.code).toBe(1);
    expect(smuggled.stdout).toContain(`tag: "${FIRST} frontend=${unreleased}" is not`);

    expect(git(repo.remote, 'rev-parse', 'main')).toBe(before);
  });

  it('refuses a semver that was never built by a release (the initial 0.1.0)', async () => {
    const repo = createRemote({ ...INITIAL_TAGS, api: '0.1.0' });
    const clone = cloneRemote(repo, 'clone');
    const released = await runAction(clone, {
      environment: 'dev',
      images: `api=${FIRST}`,
      'synth-command': RENDER,
      'released-only': 'false',
    });
    expect(released.code).toBe(0);

    const run = await rollback(clone, 'dev', 'previous');

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'images: api: "0.1.0" is not sha-<40 hex> (a full commit SHA): only images release.yml built can be deployed here',
    );
  });

  it('reads the release history of origin/<branch>, not commits only made in the checkout', async () => {
    const { clone } = await releasedTwice();
    const unpushed = releaseTag('10ca1');
    writeFileSync(
      join(clone, 'manifests/config/dev.json'),
      configText({ ...INITIAL_TAGS, api: unpushed }),
    );
    git(clone, 'commit', '--quiet', '-am', 'a deploy commit that was never pushed');

    const run = await rollback(clone, 'prod', unpushed);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${unpushed} was never released on main`);
  });
});
