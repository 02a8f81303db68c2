// The action in push mode against real git: a bare remote, clones, the bundled dist/index.js.
// These are release.yml's bumps (released-only: false, the images it just built); rollback's
// bumps, which may only pick released images, are in rollback.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cloneRemote,
  configText,
  createRemote,
  FIXTURES,
  git,
  INITIAL_TAGS,
  type RemoteRepo,
  remoteFile,
} from './support/git-repo.js';
import { runAction } from './support/run-action.js';
import { digest, releaseTag } from './support/tags.js';

jest.setTimeout(60_000);

const RENDER = 'node scripts/render.mjs';
const NEW = releaseTag('1a2b3c4');
const { api: OLD_API, frontend: OLD_FRONTEND } = INITIAL_TAGS;

function releaseInputs(images: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    environment: 'dev',
    images,
    'synth-command': RENDER,
    'released-only': 'false',
    ...extra,
  };
}

function remoteImages(repo: RemoteRepo, env = 'dev'): Record<string, unknown> {
  const config = JSON.parse(remoteFile(repo, `manifests/config/${env}.json`));
  return { api: config.apps.api.image, frontend: config.apps.frontend.image };
}

function remoteTags(repo: RemoteRepo, env = 'dev'): Record<string, string> {
  const config = JSON.parse(remoteFile(repo, `manifests/config/${env}.json`));
  return { api: config.apps.api.image.tag, frontend: config.apps.frontend.image.tag };
}

describe('push mode (release.yml)', () => {
  it('commits only the config and the rendered files, pushes, and reports it', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    // An unrelated edit in the checkout must not ride along in the bump commit.
    writeFileSync(join(clone, 'README.md'), '# edited by an earlier step\n');

    const run = await runAction(clone, releaseInputs(`api=${NEW}`));

    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      changed: 'true',
      commit: git(repo.remote, 'rev-parse', 'main').trim(),
      'pull-request-url': '',
    });
    expect(remoteTags(repo)).toEqual({ api: NEW, frontend: OLD_FRONTEND });
    expect(remoteFile(repo, 'manifests/dist/dev/images.yaml')).toBe(
      `api: ghcr.io/student/gitops-lab/api:${NEW}\n` +
        `frontend: ghcr.io/student/gitops-lab/frontend:${OLD_FRONTEND}\n`,
    );
    // Only the tag changed: the file keeps its own layout and its other fields.
    expect(remoteFile(repo, 'manifests/config/dev.json')).toBe(
      configText({ api: NEW, frontend: OLD_FRONTEND }),
    );
    expect(git(repo.remote, 'log', '-1', '--format=%B', 'main')).toBe(
      `deploy(dev): api ${NEW}\n\napi (dev): ${OLD_API} → ${NEW}\n\n[skip ci]\n\n`,
    );
    expect(git(repo.remote, 'log', '-1', '--format=%an <%ae>', 'main').trim()).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
    );
    expect(git(repo.remote, 'show', '--name-only', '--format=', 'main').trim().split('\n')).toEqual(
      ['manifests/config/dev.json', 'manifests/dist/dev/images.yaml'],
    );
    expect(readFileSync(join(clone, 'README.md'), 'utf8')).toBe('# edited by an earlier step\n');
    expect(run.summary).toContain('<td>api</td><td>dev</td>');
    expect(run.summary).toContain(`<code>${OLD_API}</code> → <code>${NEW}</code>`);
    expect(run.summary).toContain(
      '<a href="https://github.com/student/gitops-lab/pkgs/container/gitops-lab%2Fapi">' +
        `ghcr.io/student/gitops-lab/api:${NEW}</a>`,
    );
  });

  it('bumps every environment it is given (dev and local) in one commit, with the digests', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const before = git(repo.remote, 'rev-parse', 'main').trim();

    const run = await runAction(
      clone,
      releaseInputs(`api=${NEW}@${digest('a1')} frontend=${NEW}@${digest('f1')}`, {
        environment: 'dev local',
      }),
    );

    expect(run.code).toBe(0);
    expect(git(repo.remote, 'rev-parse', 'main~1').trim()).toBe(before);
    for (const env of ['dev', 'local']) {
      expect(remoteImages(repo, env)).toEqual({
        api: { repository: 'ghcr.io/student/gitops-lab/api', tag: NEW, digest: digest('a1') },
        frontend: {
          repository: 'ghcr.io/student/gitops-lab/frontend',
          tag: NEW,
          digest: digest('f1'),
        },
      });
      expect(remoteFile(repo, `manifests/dist/${env}/images.yaml`)).toBe(
        `api: ghcr.io/student/gitops-lab/api:${NEW}@${digest('a1')}\n` +
          `frontend: ghcr.io/student/gitops-lab/frontend:${NEW}@${digest('f1')}\n`,
      );
    }
    expect(remoteTags(repo, 'prod')).toEqual(INITIAL_TAGS);
    expect(git(repo.remote, 'log', '-1', '--format=%s', 'main').trim()).toBe(
      `deploy(dev, local): api ${NEW}, frontend ${NEW}`,
    );
    expect(git(repo.remote, 'show', '--name-only', '--format=', 'main').trim().split('\n')).toEqual(
      [
        'manifests/config/dev.json',
        'manifests/config/local.json',
        'manifests/dist/dev/images.yaml',
        'manifests/dist/local/images.yaml',
      ],
    );
    expect(run.summary).toContain('<td>api</td><td>local</td>');
  });

  it('succeeds with changed=false and no commit when the app is already at that tag', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const before = git(repo.remote, 'rev-parse', 'main');

    const run = await runAction(clone, releaseInputs(`api=${OLD_API}`));

    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ changed: 'false', commit: '', 'pull-request-url': '' });
    expect(git(repo.remote, 'rev-parse', 'main')).toBe(before);
    expect(run.summary).toContain('Already at the requested tags');
  });

  it('fails naming every bad input, and pushes nothing', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const before = git(repo.remote, 'rev-parse', 'main');

    const badEnv = await runAction(clone, releaseInputs(`api=${NEW}`, { environment: 'staging' }));
    expect(badEnv.code).toBe(1);
    expect(badEnv.stdout).toContain(
      'environment: "staging" has no manifests/config/staging.json (known: dev, local, prod)',
    );

    const bad = await runAction(
      clone,
      releaseInputs(`worker=${NEW},frontend=latest,api=${NEW}@sha256:00`, { mode: 'merge' }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'images: unknown app "worker" in environment "dev" (known: api, frontend)',
    );
    expect(bad.stdout).toContain('images: frontend: "latest" is a moving tag');
    expect(bad.stdout).toContain('images: api: "sha256:00" is not sha256:<64 hex>');
    expect(bad.stdout).toContain('mode: "merge" is not "push" or "pull-request"');
    expect(git(repo.remote, 'rev-parse', 'main')).toBe(before);
  });

  it('two clones bumping different apps at once: one push is rejected, replays, both land', async () => {
    const repo = createRemote();
    const first = cloneRemote(repo, 'first');
    const second = cloneRemote(repo, 'second');
    const barrier = join(repo.root, 'barrier');
    // Both runs commit locally, then wait for each other, so both push against the same old tip.
    const synth = (name: string) =>
      `${RENDER} && node ${join(FIXTURES, 'barrier.mjs')} ${barrier} ${name}`;
    const [apiTag, frontendTag] = [releaseTag('1111111'), releaseTag('2222222')];

    const [api, frontend] = await Promise.all([
      runAction(
        first,
        releaseInputs(`api=${apiTag}@${digest('a1')}`, { 'synth-command': synth('first') }),
      ),
      runAction(
        second,
        releaseInputs(`frontend=${frontendTag}@${digest('f2')}`, {
          'synth-command': synth('second'),
        }),
      ),
    ]);

    expect([api.code, frontend.code]).toEqual([0, 0]);
    expect(remoteImages(repo)).toEqual({
      api: { repository: 'ghcr.io/student/gitops-lab/api', tag: apiTag, digest: digest('a1') },
      frontend: {
        repository: 'ghcr.io/student/gitops-lab/frontend',
        tag: frontendTag,
        digest: digest('f2'),
      },
    });
    // The rendered file was re-rendered on the new tip, so it matches the merged config.
    expect(remoteFile(repo, 'manifests/dist/dev/images.yaml')).toBe(
      `api: ghcr.io/student/gitops-lab/api:${apiTag}@${digest('a1')}\n` +
        `frontend: ghcr.io/student/gitops-lab/frontend:${frontendTag}@${digest('f2')}\n`,
    );
    const subjects = git(repo.remote, 'log', '--format=%s', 'main').trim().split('\n');
    expect(subjects.slice(0, 2).sort()).toEqual([
      `deploy(dev): api ${apiTag}`,
      `deploy(dev): frontend ${frontendTag}`,
    ]);
    expect(subjects).toHaveLength(3);
    const retried = [api, frontend].filter((r) => r.stdout.includes('push rejected (attempt 1/5)'));
    expect(retried).toHaveLength(1);
    // Each run reports the commit that is really on the remote.
    const remoteCommits = git(repo.remote, 'log', '--format=%H', '-2', 'main').trim().split('\n');
    expect([api.outputs.commit, frontend.outputs.commit].sort()).toEqual(remoteCommits.sort());
  });

  it('gives up with a clear error after max-attempts rejected pushes', async () => {
    const repo = createRemote();
    const late = cloneRemote(repo, 'late');
    const other = cloneRemote(repo, 'other');
    writeFileSync(join(other, 'README.md'), '# moved on\n');
    git(other, 'commit', '--quiet', '-am', 'someone else pushes first');
    git(other, 'push', '--quiet', 'origin', 'main');

    const run = await runAction(late, releaseInputs(`api=${NEW}`, { 'max-attempts': '1' }));

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'git push to main was rejected 1 times because the branch kept moving',
    );
    expect(remoteTags(repo).api).toBe(OLD_API);
  });

  it('does not retry a push the remote refuses for another reason (a protected branch)', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const hook = join(repo.remote, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n',
      { mode: 0o755 },
    );

    const run = await runAction(clone, releaseInputs(`api=${NEW}`));

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('git push to main failed:');
    expect(run.stdout).toContain('GH006: Protected branch update failed');
    expect(run.stdout).not.toContain('push rejected (attempt');
  });

  it('needs the branch input on a detached HEAD, and pushes to it when given', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    git(clone, 'checkout', '--quiet', '--detach');

    const detached = await runAction(clone, releaseInputs(`api=${NEW}`));
    expect(detached.code).toBe(1);
    expect(detached.stdout).toContain('branch: HEAD is detached, set the branch input');

    const run = await runAction(clone, releaseInputs(`api=${NEW}`, { branch: 'main' }));
    expect(run.code).toBe(0);
    expect(remoteTags(repo).api).toBe(NEW);
  });

  it('keeps the token away from .git/config and from the synth it runs', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const synthEnv = join(repo.root, 'synth-env');

    const run = await runAction(
      clone,
      releaseInputs(`api=${NEW}`, {
        token: 'ghs_secret_in_test',
        'synth-command': `${RENDER} && env > ${synthEnv}`,
      }),
    );

    expect(run.code).toBe(0);
    expect(remoteTags(repo).api).toBe(NEW);
    expect(readFileSync(join(clone, '.git', 'config'), 'utf8')).not.toContain('ghs_secret');
    const seen = readFileSync(synthEnv, 'utf8');
    expect(seen).toContain('GITHUB_OUTPUT=');
    expect(seen).not.toContain('ghs_secret_in_test');
    expect(seen).not.toMatch(/^INPUT_/m);
  });
});
