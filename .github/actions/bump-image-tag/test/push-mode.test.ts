// The action in push mode against real git: a bare remote, clones, the bundled dist/index.js.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cloneRemote,
  configText,
  createRemote,
  FIXTURES,
  git,
  type RemoteRepo,
  remoteFile,
} from './helpers/git-repo.js';
import { runAction } from './helpers/run-action.js';

jest.setTimeout(60_000);

const RENDER = 'node scripts/render.mjs';

function bumpInputs(images: string, extra: Record<string, string> = {}): Record<string, string> {
  return { environment: 'dev', images, 'synth-command': RENDER, ...extra };
}

function remoteTags(repo: RemoteRepo, env = 'dev'): Record<string, string> {
  const config = JSON.parse(remoteFile(repo, `manifests/config/${env}.json`));
  return { api: config.apps.api.image.tag, frontend: config.apps.frontend.image.tag };
}

describe('push mode', () => {
  it('commits only the config and the rendered files, pushes, and reports it', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    // An unrelated edit in the checkout must not ride along in the bump commit.
    writeFileSync(join(clone, 'README.md'), '# edited by an earlier step\n');

    const run = await runAction(clone, bumpInputs('api=sha-1a2b3c4'));

    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      changed: 'true',
      commit: git(repo.remote, 'rev-parse', 'main').trim(),
      'pull-request-url': '',
    });
    expect(remoteTags(repo)).toEqual({ api: 'sha-1a2b3c4', frontend: 'sha-bbbbbbb' });
    expect(remoteFile(repo, 'manifests/dist/dev/images.yaml')).toBe(
      'api: ghcr.io/student/gitops-lab/api:sha-1a2b3c4\n' +
        'frontend: ghcr.io/student/gitops-lab/frontend:sha-bbbbbbb\n',
    );
    // Only the tag changed: the file keeps its own layout and its other fields.
    expect(remoteFile(repo, 'manifests/config/dev.json')).toBe(
      configText({ api: 'sha-1a2b3c4', frontend: 'sha-bbbbbbb' }),
    );
    expect(git(repo.remote, 'log', '-1', '--format=%B', 'main')).toBe(
      'deploy(dev): api sha-1a2b3c4\n\napi: sha-aaaaaaa → sha-1a2b3c4\n\n[skip ci]\n\n',
    );
    expect(git(repo.remote, 'log', '-1', '--format=%an <%ae>', 'main').trim()).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
    );
    expect(git(repo.remote, 'show', '--name-only', '--format=', 'main').trim().split('\n')).toEqual(
      ['manifests/config/dev.json', 'manifests/dist/dev/images.yaml'],
    );
    expect(readFileSync(join(clone, 'README.md'), 'utf8')).toBe('# edited by an earlier step\n');
    expect(run.summary).toContain('<td>api</td><td>dev</td>');
    expect(run.summary).toContain('<code>sha-aaaaaaa</code> → <code>sha-1a2b3c4</code>');
    expect(run.summary).toContain(
      '<a href="https://github.com/student/gitops-lab/pkgs/container/gitops-lab%2Fapi">' +
        'ghcr.io/student/gitops-lab/api:sha-1a2b3c4</a>',
    );
  });

  it('succeeds with changed=false and no commit when the app is already at that tag', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const before = git(repo.remote, 'rev-parse', 'main');

    const run = await runAction(clone, bumpInputs('api=sha-aaaaaaa'));

    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ changed: 'false', commit: '', 'pull-request-url': '' });
    expect(git(repo.remote, 'rev-parse', 'main')).toBe(before);
    expect(run.summary).toContain('Already at the requested tags');
  });

  it('fails naming every bad input, and pushes nothing', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const before = git(repo.remote, 'rev-parse', 'main');

    const badEnv = await runAction(
      clone,
      bumpInputs('api=sha-1a2b3c4', { environment: 'staging' }),
    );
    expect(badEnv.code).toBe(1);
    expect(badEnv.stdout).toContain(
      'environment: "staging" has no manifests/config/staging.json (known: dev, prod)',
    );

    const bad = await runAction(
      clone,
      bumpInputs('worker=sha-1a2b3c4,frontend=latest', { mode: 'merge' }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'images: unknown app "worker" in environment "dev" (known: api, frontend)',
    );
    expect(bad.stdout).toContain('images: frontend: "latest" is a moving tag');
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

    const [api, frontend] = await Promise.all([
      runAction(first, bumpInputs('api=sha-1111111', { 'synth-command': synth('first') })),
      runAction(second, bumpInputs('frontend=sha-2222222', { 'synth-command': synth('second') })),
    ]);

    expect([api.code, frontend.code]).toEqual([0, 0]);
    expect(remoteTags(repo)).toEqual({ api: 'sha-1111111', frontend: 'sha-2222222' });
    // The rendered file was re-rendered on the new tip, so it matches the merged config.
    expect(remoteFile(repo, 'manifests/dist/dev/images.yaml')).toBe(
      'api: ghcr.io/student/gitops-lab/api:sha-1111111\n' +
        'frontend: ghcr.io/student/gitops-lab/frontend:sha-2222222\n',
    );
    const subjects = git(repo.remote, 'log', '--format=%s', 'main').trim().split('\n');
    expect(subjects.slice(0, 2).sort()).toEqual([
      'deploy(dev): api sha-1111111',
      'deploy(dev): frontend sha-2222222',
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

    const run = await runAction(late, bumpInputs('api=sha-1a2b3c4', { 'max-attempts': '1' }));

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'git push to main was rejected 1 times because the branch kept moving',
    );
    expect(remoteTags(repo).api).toBe('sha-aaaaaaa');
  });

  it('does not retry a push the remote refuses for another reason (a protected branch)', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const hook = join(repo.remote, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );

    const run = await runAction(clone, bumpInputs('api=sha-1a2b3c4'));

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('git push to main failed:');
    expect(run.stdout).toContain('GH006: Protected branch update failed');
    expect(run.stdout).not.toContain('push rejected (attempt');
  });

  it('needs the branch input on a detached HEAD, and pushes to it when given', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    git(clone, 'checkout', '--quiet', '--detach');

    const detached = await runAction(clone, bumpInputs('api=sha-1a2b3c4'));
    expect(detached.code).toBe(1);
    expect(detached.stdout).toContain('branch: HEAD is detached, set the branch input');

    const run = await runAction(clone, bumpInputs('api=sha-1a2b3c4', { branch: 'main' }));
    expect(run.code).toBe(0);
    expect(remoteTags(repo).api).toBe('sha-1a2b3c4');
  });

  it('resolves "previous" from the config history and rolls back to it', async () => {
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    for (const tag of ['sha-bbbb001', 'sha-cccc002']) {
      expect((await runAction(clone, bumpInputs(`api=${tag}`))).code).toBe(0);
    }

    const run = await runAction(clone, bumpInputs('api=previous'));

    expect(run.code).toBe(0);
    expect(remoteTags(repo).api).toBe('sha-bbbb001');
    expect(git(repo.remote, 'log', '-1', '--format=%B', 'main')).toContain(
      'api: sha-cccc002 → sha-bbbb001',
    );
  });
});
