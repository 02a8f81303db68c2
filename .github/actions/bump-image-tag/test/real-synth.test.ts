// The action with its default synth-command (`npm run synth -w @gitops-lab/manifests`) and the
// repository's real cdk8s renderer, on a copy of the manifests workspace in a real git repo.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './support/git-repo.js';
import { runAction } from './support/run-action.js';
import { releaseTag } from './support/tags.js';

jest.setTimeout(180_000);

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
// Inside the (git-ignored) test-artifacts folder of this workspace, so the copy still resolves the
// monorepo's node_modules (cdk8s, tsx) by walking up, as npm and Node do.
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');

let root = '';
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

it('bumps dev with the real synth: only config, dist/dev and helm change, synth:check passes', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  root = mkdtempSync(join(ARTIFACTS, 'real-synth-'));
  const seed = join(root, 'seed');
  mkdirSync(join(seed, 'manifests'), { recursive: true });
  for (const entry of ['src', 'config', 'dist', 'helm', 'package.json', 'tsconfig.json']) {
    cpSync(join(REPO_ROOT, 'manifests', entry), join(seed, 'manifests', entry), {
      recursive: true,
    });
  }
  cpSync(join(REPO_ROOT, 'tsconfig.base.json'), join(seed, 'tsconfig.base.json'));
  // The synth also reads the network the infra stack creates (the NetworkPolicies' CIDRs).
  cpSync(join(REPO_ROOT, 'infra', 'network.json'), join(seed, 'infra', 'network.json'));
  writeFileSync(
    join(seed, 'package.json'),
    JSON.stringify({ name: 'fork', private: true, workspaces: ['manifests'] }),
  );
  const remote = join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(root, 'init', '--quiet', '--initial-branch=main', seed);
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'fork');
  git(seed, 'push', '--quiet', remote, 'HEAD:main');
  const clone = join(root, 'clone');
  git(root, 'clone', '--quiet', remote, clone);

  const tag = releaseTag('1a2b3c4');
  const run = await runAction(clone, {
    environment: 'dev',
    images: `api=${tag}`,
    'released-only': 'false',
  });

  expect(run.code).toBe(0);
  expect(run.outputs.changed).toBe('true');
  const files = git(remote, 'show', '--name-only', '--format=', 'main').trim().split('\n');
  expect(files).toContain('manifests/config/dev.json');
  expect(files).toContain('manifests/dist/dev/deployment-api.yaml');
  for (const file of files) {
    expect(file).toMatch(/^manifests\/(config\/dev\.json|dist\/dev\/|helm\/)/);
  }
  const deployment = git(remote, 'show', 'main:manifests/dist/dev/deployment-api.yaml');
  expect(deployment).toContain(`/api:${tag}`);
  expect(git(remote, 'show', 'main:manifests/dist/prod/deployment-api.yaml')).not.toContain(tag);
  // What was pushed is exactly what the renderer makes from the pushed config.
  const fresh = join(root, 'fresh');
  git(root, 'clone', '--quiet', remote, fresh);
  execFileSync('npm', ['run', 'synth:check', '-w', '@gitops-lab/manifests'], {
    cwd: fresh,
    stdio: 'pipe',
  });
});
