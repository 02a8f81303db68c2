// publish-chart.sh, run with real bash against a recording `helm` on PATH: the chart goes to
// GHCR next to the images, a published version is never pushed again, and the token reaches
// helm only on stdin.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runBash, SCRIPTS, workflow } from './support/workflows.js';

const TOKEN = 'ghs_not-a-real-token';

/** A repo root holding the real chart and a fake helm that records its arguments and stdin. */
function setup(published: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'publish-chart-'));
  cpSync(
    join(REPO_ROOT, 'manifests', 'helm', 'Chart.yaml'),
    join(root, 'manifests/helm/Chart.yaml'),
    {
      recursive: true,
    },
  );
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'helm.log');
  const helm = join(bin, 'helm');
  writeFileSync(
    helm,
    `#!/usr/bin/env bash
stdin=""; if [ "$1 $2" = "registry login" ]; then stdin=$(cat); fi
echo "helm $* <stdin:$stdin>" >> "${log}"
if [ "$1" = show ]; then ${published ? 'exit 0' : 'echo "not found" >&2; exit 1'}; fi
if [ "$1" = package ]; then touch "$4/gitops-lab-$(sed -n 's/^version: *//p' manifests/helm/Chart.yaml).tgz"; fi
`,
  );
  chmodSync(helm, 0o755);
  const run = runBash(`bash ${join(SCRIPTS, 'publish-chart.sh')}`, root, {
    PATH: `${bin}:${process.env.PATH}`,
    GITHUB_REPOSITORY: 'Student-Fork/gitops-lab',
    GITHUB_ACTOR: 'student',
    REGISTRY_TOKEN: TOKEN,
  });
  return { run, calls: readFileSync(log, 'utf8').trim().split('\n') };
}

const version = readFileSync(join(REPO_ROOT, 'manifests/helm/Chart.yaml'), 'utf8').match(
  /^version: *(.+)$/m,
)?.[1];

describe('publish-chart.sh', () => {
  it('packages and pushes a new chart version to the repository’s lower-case GHCR charts path', () => {
    const { run, calls } = setup(false);
    expect(run.status).toBe(0);
    expect(calls[0]).toBe(
      `helm registry login ghcr.io --username student --password-stdin <stdin:${TOKEN}>`,
    );
    expect(calls[1]).toBe(
      `helm show chart oci://ghcr.io/student-fork/gitops-lab/charts/gitops-lab --version ${version} <stdin:>`,
    );
    expect(calls[2]).toMatch(/^helm package manifests\/helm --destination \S+ <stdin:>$/);
    expect(calls[3]).toMatch(
      new RegExp(
        `^helm push \\S+/gitops-lab-${version}\\.tgz oci://ghcr\\.io/student-fork/gitops-lab/charts <stdin:>$`,
      ),
    );
    expect(run.summary).toContain(`charts/gitops-lab:${version}`);
  });

  it('never pushes a version the registry already has', () => {
    const { run, calls } = setup(true);
    expect(run.status).toBe(0);
    expect(calls.some((call) => call.startsWith('helm push'))).toBe(false);
    expect(run.stdout).toContain('already published');
  });

  it('keeps the token off every command line', () => {
    const { calls } = setup(false);
    for (const call of calls) expect(call.split(' <stdin:')[0]).not.toContain(TOKEN);
  });
});

describe('release.yml chart job', () => {
  const release = workflow('release.yml');

  it('publishes with GITHUB_TOKEN, write access to packages only, after the default-branch check', () => {
    const chart = release.jobs.chart;
    expect(chart?.needs).toBe('changes');
    expect(chart?.permissions).toEqual({ contents: 'read', packages: 'write' });
    const publish = chart?.steps.find((step) => step.run === '.github/scripts/publish-chart.sh');
    expect(publish?.env).toEqual({ REGISTRY_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
  });

  it('starts for template changes but not for the values files a bump rewrites', () => {
    const push = release.on.push as { 'paths-ignore': string[] };
    expect(push['paths-ignore']).toContain('manifests/helm/values-*.yaml');
    expect(push['paths-ignore']).not.toContain('manifests/helm/**');
  });
});
