// What Argo CD v3.2 does with a generated Application, modelled closely enough to test the
// guard rails: it fetches the source at its targetRevision from git, applies the Application's
// kustomize overrides the way the repo server does (`kustomize edit set namespace|image|replicas`,
// then the override patches APPENDED to the kustomization's own), renders with kustomize, and
// checks each object before applying it (controller/sync.go, the permission validator):
//   - its group/kind against the project's whitelists (cluster-scoped vs namespaced lists);
//   - for a namespaced object, its namespace against the project's destinations;
//   - with CreateNamespace=true, the Namespace it creates goes through the same check;
//   - with FailOnSharedResource=true, an object that another Application already tracks fails
//     the sync ("Shared resource found") instead of being taken over.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { stringify } from 'yaml';
import { apiGroup, destinationPermitted, kindPermitted } from './app-project';
import { type K8sObject, kustomizeBuild } from './kustomize';
import { readYamlDocuments } from './repo';

type Source = NonNullable<IApplication['spec']['source']>;
type KustomizeOverrides = NonNullable<Source['kustomize']>;
type ProjectSpec = IAppProject['spec'];

/** Cluster-scoped kinds a rendered manifest could hold (everything else is namespaced). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** The annotation Argo CD tracks its objects by (application.resourceTrackingMethod: annotation). */
export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';

export function sourceOf(app: IApplication): Source {
  if (!app.spec.source) throw new Error(`${app.metadata.name} has no spec.source`);
  return app.spec.source;
}

/** `kustomize edit set image` accepts `name:tag`, `name=newName:tag` and `name=newName`. */
function imageOverride(image: string): Record<string, string> {
  const [name = '', replacement] = image.includes('=') ? image.split('=') : [undefined, image];
  const target = replacement ?? name;
  const at = target.lastIndexOf(':');
  const newName = at > target.lastIndexOf('/') ? target.slice(0, at) : target;
  const newTag = at > target.lastIndexOf('/') ? target.slice(at + 1) : undefined;
  const entry: Record<string, string> = { name: name || newName };
  if (name && newName !== name) entry.newName = newName;
  if (newTag) entry.newTag = newTag;
  return entry;
}

/** The kustomization.yaml Argo CD renders: the source's own, with the Application's overrides. */
export function withOverrides(
  kustomization: Record<string, unknown>,
  overrides: KustomizeOverrides,
): Record<string, unknown> {
  const edited = { ...kustomization };
  if (overrides.namespace) edited.namespace = overrides.namespace;
  const byName = <T extends { name: string }>(own: unknown, added: T[]): T[] => {
    const merged = new Map(((own as T[] | undefined) ?? []).map((entry) => [entry.name, entry]));
    for (const entry of added) merged.set(entry.name, entry);
    return [...merged.values()];
  };
  if (overrides.images?.length) {
    edited.images = byName(edited.images, overrides.images.map(imageOverride) as never);
  }
  if (overrides.replicas?.length) edited.replicas = byName(edited.replicas, overrides.replicas);
  if (overrides.patches?.length) {
    edited.patches = [...((edited.patches as unknown[] | undefined) ?? []), ...overrides.patches];
  }
  return edited;
}

/** Renders a source directory like the repo server: kustomize, after the Application's overrides. */
export function renderDirectory(
  dir: string,
  overrides: KustomizeOverrides | undefined,
): K8sObject[] {
  if (!overrides) return kustomizeBuild(dir);
  const copy = mkdtempSync(join(tmpdir(), 'argocd-render-'));
  try {
    for (const file of readdirSync(dir)) cpSync(join(dir, file), join(copy, file));
    const [kustomization] = readYamlDocuments(join(dir, 'kustomization.yaml')) as Array<
      Record<string, unknown>
    >;
    writeFileSync(
      join(copy, 'kustomization.yaml'),
      stringify(withOverrides(kustomization ?? {}, overrides)),
    );
    return kustomizeBuild(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * Renders an Application from a git repository the way Argo CD fetches it: the source path at
 * its targetRevision (`HEAD` is the default branch, anything else a branch, tag or commit).
 */
export function renderFromGit(gitDir: string, app: IApplication): K8sObject[] {
  const source = sourceOf(app);
  const checkout = mkdtempSync(join(tmpdir(), 'argocd-checkout-'));
  try {
    const revision = execFileSync(
      'git',
      ['rev-parse', '--verify', `${source.targetRevision}^{commit}`],
      {
        cwd: gitDir,
        encoding: 'utf8',
      },
    ).trim();
    const archive = execFileSync('git', ['archive', '--format=tar', revision, source.path ?? '.'], {
      cwd: gitDir,
    });
    execFileSync('tar', ['-x', '-C', checkout], { input: archive });
    return renderDirectory(join(checkout, source.path ?? '.'), source.kustomize);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}

export interface LiveObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The Application whose tracking annotation the live object carries. */
  readonly trackedBy: string;
}

const isClusterScoped = (kind: string) => CLUSTER_SCOPED.has(kind);

/**
 * Every reason Argo CD would fail this sync, one line per refused object, worded like Argo CD's
 * own messages; an empty list means every object would be applied.
 */
export function syncRefusals(
  projectName: string,
  project: ProjectSpec,
  app: IApplication,
  rendered: K8sObject[],
  live: LiveObject[] = [],
): string[] {
  const options = app.spec.syncPolicy?.syncOptions ?? [];
  const destination = app.spec.destination;
  const objects = rendered.map((o) => ({
    group: apiGroup(o.apiVersion),
    kind: o.kind,
    name: o.metadata.name,
    namespace: isClusterScoped(o.kind)
      ? undefined
      : (o.metadata.namespace ?? destination.namespace),
  }));
  // CreateNamespace adds the destination namespace, unless the manifests hold it already.
  const holdsNamespace = objects.some(
    (o) => o.kind === 'Namespace' && o.name === destination.namespace,
  );
  if (options.includes('CreateNamespace=true') && destination.namespace && !holdsNamespace) {
    objects.push({
      group: '',
      kind: 'Namespace',
      name: destination.namespace,
      namespace: undefined,
    });
  }

  const refusals: string[] = [];
  for (const o of objects) {
    const list =
      o.namespace === undefined
        ? project.clusterResourceWhitelist
        : project.namespaceResourceWhitelist;
    // A missing namespaced whitelist allows every kind; a missing cluster whitelist allows none.
    const permitted =
      o.namespace !== undefined && list === undefined ? true : kindPermitted(list, o.group, o.kind);
    if (!permitted) {
      refusals.push(`resource ${o.group}:${o.kind} is not permitted in project ${projectName}`);
    } else if (
      o.namespace !== undefined &&
      !destinationPermitted(project, { server: destination.server, namespace: o.namespace })
    ) {
      refusals.push(`namespace ${o.namespace} is not permitted in project '${projectName}'`);
    }
  }
  if (options.includes('FailOnSharedResource=true')) {
    for (const o of objects) {
      const owner = live.find(
        (l) => l.kind === o.kind && l.name === o.name && l.namespace === o.namespace,
      )?.trackedBy;
      if (owner !== undefined && owner !== app.metadata.name) {
        refusals.push(
          `Shared resource found: ${o.kind}/${o.name} is part of applications argocd/${app.metadata.name} and ${owner}`,
        );
      }
    }
  }
  return refusals;
}
