// The bootstrap the argocd workspace defines (argocd/bootstrap/project.yaml and
// root-app.yaml: the AppProject of the root app and the "app of apps" itself), read from
// the repo at synth time. Only the repository is taken from CDK context (`repoUrl`), so a
// fork that ran `npm run fork:configure` bootstraps from itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Manifest = Record<string, unknown> & { kind?: unknown; spec?: Record<string, unknown> };

export const BOOTSTRAP_FILES = ['project.yaml', 'root-app.yaml'] as const;

export function readBootstrapManifests(root: string, repoUrl: string): Manifest[] {
  return BOOTSTRAP_FILES.map((file) => {
    const path = join(root, 'argocd', 'bootstrap', file);
    const manifest = parse(readFileSync(path, 'utf8')) as Manifest | null;
    if (!manifest || typeof manifest.spec !== 'object') {
      throw new Error(`${path}: expected one Kubernetes object with a spec`);
    }
    return pointAtRepository(manifest, repoUrl, path);
  });
}

function pointAtRepository(manifest: Manifest, repoUrl: string, path: string): Manifest {
  const spec = manifest.spec ?? {};
  if (manifest.kind === 'AppProject') {
    return { ...manifest, spec: { ...spec, sourceRepos: [repoUrl] } };
  }
  if (manifest.kind === 'Application') {
    const source = spec.source as Record<string, unknown> | undefined;
    if (!source) throw new Error(`${path}: the Application has no spec.source`);
    return { ...manifest, spec: { ...spec, source: { ...source, repoURL: repoUrl } } };
  }
  throw new Error(
    `${path}: expected an AppProject or an Application, got ${String(manifest.kind)}`,
  );
}
