import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArgoCdInstall } from '../src/argocd-install';
import { readBootstrapManifests } from '../src/bootstrap-application';
import { REPO_ROOT } from './support/lab-app';

/** A scratch repo root holding a copy of argocd/install and argocd/bootstrap. */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'infra-argocd-'));
  mkdirSync(join(root, 'argocd'));
  cpSync(join(REPO_ROOT, 'argocd', 'install'), join(root, 'argocd', 'install'), {
    recursive: true,
  });
  cpSync(join(REPO_ROOT, 'argocd', 'bootstrap'), join(root, 'argocd', 'bootstrap'), {
    recursive: true,
  });
  return root;
}

describe('readArgoCdInstall', () => {
  it('reads the pinned chart and the values from the repository', () => {
    const { chart, values } = readArgoCdInstall(REPO_ROOT);
    expect(chart.chart).toBe('argo-cd');
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(typeof values).toBe('object');
  });

  it('fails with the missing file named when values.yaml is gone', () => {
    const root = scratchRoot();
    rmSync(join(root, 'argocd', 'install', 'values.yaml'));
    expect(() => readArgoCdInstall(root)).toThrow(/argocd\/install\/values\.yaml is missing/);
    rmSync(root, { recursive: true });
  });

  it('refuses a chart version that is not pinned exactly', () => {
    const root = scratchRoot();
    writeFileSync(
      join(root, 'argocd', 'install', 'chart.json'),
      JSON.stringify({
        repository: 'https://argoproj.github.io/argo-helm',
        chart: 'argo-cd',
        version: '9.x',
        namespace: 'argocd',
      }),
    );
    expect(() => readArgoCdInstall(root)).toThrow(/must pin an exact chart version, got 9\.x/);
    rmSync(root, { recursive: true });
  });
});

describe('readBootstrapManifests', () => {
  it('points the bootstrap project and root app at the given repository, nothing else changed', () => {
    const fork = 'https://github.com/someone/fork.git';
    const [project, rootApp] = readBootstrapManifests(REPO_ROOT, fork) as [
      { kind: string; spec: { sourceRepos: string[]; destinations: unknown } },
      {
        kind: string;
        metadata: { name: string };
        spec: { source: { repoURL: string; path: string } };
      },
    ];
    expect(project.kind).toBe('AppProject');
    expect(project.spec.sourceRepos).toEqual([fork]);
    expect(rootApp.kind).toBe('Application');
    expect(rootApp.spec.source.repoURL).toBe(fork);
    expect(rootApp.spec.source.path).toBe('argocd/apps');
    const upstream = readBootstrapManifests(
      REPO_ROOT,
      'https://github.com/gitops-lab/gitops-lab.git',
    );
    expect(upstream[1]).toMatchObject({ metadata: rootApp.metadata });
  });
});
