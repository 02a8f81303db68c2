// A cluster on paper for replaying the guide's `bash cluster` blocks offline: the objects a page's
// commands create, change and delete, checked with the API server's rules (api-server-rules.ts) at
// every write, plus the bookkeeping the labs depend on: a Deployment's revisions for
// `kubectl rollout undo` and Helm's releases and object ownership.
import { type KubeObject, updateProblems, validationProblems } from './api-server-rules';

/** What the API server (or Helm, or kubectl) would refuse: the step fails there too. */
export class ClusterError extends Error {}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'StorageClass',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'PriorityClass',
]);

export const isClusterScoped = (kind: string): boolean => CLUSTER_SCOPED.has(kind);

/** Namespaces every cluster of the course has before a lab starts: Kubernetes' own and Argo CD's. */
const PLATFORM_NAMESPACES = ['default', 'kube-system', 'argocd'];

type PodTemplate = unknown;

interface HelmRelease {
  namespace: string;
  /** The objects of each revision, oldest first. */
  revisions: KubeObject[][];
}

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return isClusterScoped(kind) ? `${kind}/${name}` : `${kind}/${namespace ?? 'default'}/${name}`;
}

const keyOf = (object: KubeObject): string =>
  objectKey(object.kind, object.metadata.namespace, object.metadata.name);

const templateOf = (object: KubeObject): PodTemplate =>
  (object.spec as { template?: unknown } | undefined)?.template;

export class OfflineCluster {
  private readonly objects = new Map<string, KubeObject>();
  /** Pod templates of each Deployment, oldest first; absent: history from before the page, unknown. */
  private readonly revisions = new Map<string, PodTemplate[]>();
  private readonly releases = new Map<string, HelmRelease>();

  /**
   * A cluster as a page finds it: the platform namespaces, and the environments Argo CD syncs
   * (objects rendered from manifests/dist), their rollout history unknown.
   */
  constructor(synced: KubeObject[] = []) {
    for (const name of PLATFORM_NAMESPACES) this.store(namespace(name));
    for (const object of synced) this.store(object);
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(objectKey(kind, namespace, name));
  }

  /** Objects of a kind, in one namespace or (namespace undefined) everywhere. */
  list(kind: string, namespace?: string): KubeObject[] {
    return [...this.objects.values()].filter(
      (o) =>
        o.kind === kind &&
        (namespace === undefined || isClusterScoped(kind) || o.metadata.namespace === namespace),
    );
  }

  /** `kubectl create`: refuses an object that exists. */
  create(object: KubeObject): void {
    if (this.objects.has(keyOf(object))) {
      throw new ClusterError(
        `${object.kind.toLowerCase()} "${object.metadata.name}" already exists (AlreadyExists)`,
      );
    }
    this.apply(object);
  }

  /**
   * `kubectl apply`: creates, or replaces what is there under the update rules. From the page's
   * own apply on, a Deployment's rollout history is known.
   */
  apply(object: KubeObject): void {
    this.write(object);
    const key = keyOf(object);
    if (object.kind === 'Deployment' && !this.revisions.has(key)) {
      this.revisions.set(key, [templateOf(object)]);
    }
  }

  /** A change of an existing object (`kubectl set`, `scale`, `patch`, `rollout restart`). */
  update(object: KubeObject): void {
    if (!this.objects.has(keyOf(object))) {
      throw new ClusterError(`${object.kind} "${object.metadata.name}" not found (NotFound)`);
    }
    this.write(object);
  }

  delete(kind: string, namespace: string | undefined, name: string, ignoreNotFound = false): void {
    const key = objectKey(kind, namespace, name);
    if (!this.objects.has(key)) {
      if (ignoreNotFound) return;
      throw new ClusterError(`${kind.toLowerCase()} "${name}" not found (NotFound)`);
    }
    this.objects.delete(key);
    this.revisions.delete(key);
    if (kind === 'Namespace') {
      for (const [other, object] of this.objects) {
        if (object.metadata.namespace === name && !isClusterScoped(object.kind)) {
          this.objects.delete(other);
          this.revisions.delete(other);
        }
      }
    }
  }

  /** `kubectl rollout undo`: back to the previous pod template, which must exist. */
  rollbackDeployment(namespace: string, name: string): void {
    const key = objectKey('Deployment', namespace, name);
    const current = this.objects.get(key);
    if (!current) throw new ClusterError(`deployments.apps "${name}" not found (NotFound)`);
    const history = this.revisions.get(key);
    if (!history) return; // revisions from before the page: whatever they were, undo has one
    const previous = history.at(-2);
    if (history.length < 2 || previous === undefined) {
      throw new ClusterError(
        `no rollout history found for deployment "${name}": nothing to undo (only one revision)`,
      );
    }
    // Undo re-creates the previous revision as the newest one, as the Deployment controller does.
    history.splice(history.length - 2, 1);
    const next = structuredClone(current) as KubeObject & { spec: { template: unknown } };
    next.spec.template = structuredClone(previous);
    this.write(next);
  }

  helmInstall(release: string, namespace: string, objects: KubeObject[]): void {
    if (this.releases.has(release)) {
      throw new ClusterError(`INSTALLATION FAILED: cannot re-use a name that is still in use`);
    }
    this.helmWrite(release, namespace, objects);
    this.releases.set(release, { namespace, revisions: [objects] });
  }

  helmUpgrade(release: string, objects: KubeObject[]): void {
    const existing = this.releases.get(release);
    if (!existing) throw new ClusterError(`UPGRADE FAILED: "${release}" has no deployed releases`);
    this.helmWrite(release, existing.namespace, objects);
    this.removeLeftovers(existing.revisions.at(-1) ?? [], objects);
    existing.revisions.push(objects);
  }

  helmRollback(release: string, revision: number | undefined): void {
    const existing = this.releases.get(release);
    if (!existing) throw new ClusterError(`release: not found`);
    const index = revision === undefined ? existing.revisions.length - 2 : revision - 1;
    const target = existing.revisions[index];
    if (!target) throw new ClusterError(`release has no ${revision ?? 'previous'} version`);
    this.helmWrite(release, existing.namespace, target);
    this.removeLeftovers(existing.revisions.at(-1) ?? [], target);
    existing.revisions.push(target);
  }

  helmUninstall(release: string): void {
    const existing = this.releases.get(release);
    if (!existing)
      throw new ClusterError(`uninstall: Release not loaded: ${release}: release: not found`);
    for (const object of existing.revisions.at(-1) ?? []) {
      this.delete(object.kind, object.metadata.namespace, object.metadata.name, true);
    }
    this.releases.delete(release);
  }

  /** Helm writes only objects it owns: one that exists without its release annotation stops it. */
  private helmWrite(release: string, namespace: string, objects: KubeObject[]): void {
    for (const object of objects) {
      if (!isClusterScoped(object.kind)) object.metadata.namespace ??= namespace;
      const existing = this.objects.get(keyOf(object));
      const owner = existing?.metadata.annotations?.['meta.helm.sh/release-name'];
      if (existing && owner !== release) {
        throw new ClusterError(
          `${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace ?? ''}" exists and cannot be imported into the current release: invalid ownership metadata`,
        );
      }
    }
    for (const object of objects) {
      const owned = structuredClone(object);
      owned.metadata.annotations = {
        ...owned.metadata.annotations,
        'meta.helm.sh/release-name': release,
        'meta.helm.sh/release-namespace': namespace,
      };
      this.apply(owned);
    }
  }

  private removeLeftovers(before: KubeObject[], after: KubeObject[]): void {
    const kept = new Set(after.map(keyOf));
    for (const object of before) {
      if (!kept.has(keyOf(object))) {
        this.delete(object.kind, object.metadata.namespace, object.metadata.name, true);
      }
    }
  }

  /** Every write goes through the API server's rules and adds a revision when the template changed. */
  private write(object: KubeObject): void {
    const key = keyOf(object);
    if (!isClusterScoped(object.kind)) {
      const ns = object.metadata.namespace ?? 'default';
      object.metadata.namespace = ns;
      if (!this.objects.has(objectKey('Namespace', undefined, ns))) {
        throw new ClusterError(`namespaces "${ns}" not found (NotFound)`);
      }
    }
    const previous = this.objects.get(key);
    const problems = [
      ...validationProblems(object),
      ...(previous ? updateProblems(previous, object) : []),
    ];
    if (problems.length > 0) {
      throw new ClusterError(
        `the API server refuses it (422 Invalid):\n  ${problems.join('\n  ')}`,
      );
    }
    this.store(object);
    const history = this.revisions.get(key);
    const template = templateOf(object);
    if (history && JSON.stringify(history.at(-1)) !== JSON.stringify(template)) {
      history.push(template);
    }
  }

  private store(object: KubeObject): void {
    this.objects.set(keyOf(object), object);
    if (object.kind === 'Namespace') {
      const account = objectKey('ServiceAccount', object.metadata.name, 'default');
      // Every namespace gets a `default` ServiceAccount from the ServiceAccount controller.
      if (!this.objects.has(account)) {
        this.objects.set(account, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: object.metadata.name },
        });
      }
    }
  }
}

function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
