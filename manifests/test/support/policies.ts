import { cpuProblem, memoryProblem } from '../../src/config/quantity';
import type { KubeObject } from '../../src/render/render-environment';

// Rules every workload must follow, as functions returning the violations they find, so the
// tests can show both that the real manifests pass and that a broken object is caught.

interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  startupProbe?: unknown;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type?: string };
  };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; emptyDir?: unknown }[];
}

/** The pod spec of a Deployment or StatefulSet; undefined for other kinds. */
export function podSpecOf(object: KubeObject): PodSpec | undefined {
  if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') return undefined;
  return (object as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

export function containerViolations(object: KubeObject): string[] {
  const pod = podSpecOf(object);
  if (!pod) return [];
  const where = `${object.kind}/${object.metadata.name}`;
  const problems: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod runAsNonRoot`);
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const at = `${where} container ${container.name}`;
    for (const side of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[side]?.[resource] === undefined) {
          problems.push(`${at}: no ${side}.${resource}`);
        }
      }
    }
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      if (!container[probe]) problems.push(`${at}: no ${probe}`);
    }
    const security = container.securityContext ?? {};
    if (security.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
    if (typeof security.runAsUser !== 'number' || security.runAsUser === 0) {
      problems.push(`${at}: runAsUser is not a numeric non-root UID`);
    }
    if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem writable`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation`);
    if (security.privileged === true) problems.push(`${at}: privileged`);
    if (!security.capabilities?.drop?.includes('ALL'))
      problems.push(`${at}: capabilities not dropped`);
    if (security.capabilities?.add?.length) problems.push(`${at}: capabilities added`);
    // Pod Security "restricted" accepts the profile on the pod or on every container.
    const seccomp = security.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault') problems.push(`${at}: seccomp`);
    problems.push(...imageViolations(at, container.image));
  }
  return problems;
}

function imageViolations(at: string, image: string | undefined): string[] {
  if (!image) return [`${at}: no image`];
  if (image.includes('@sha256:')) return [];
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  if (!tag) return [`${at}: image ${image} has no tag (means latest)`];
  if (tag === 'latest') return [`${at}: image ${image} uses latest`];
  return [];
}

const CPU_KEYS = new Set(['cpu']);
const MEMORY_KEYS = new Set(['memory', 'storage', 'sizeLimit', 'ephemeral-storage']);

/** Every resource quantity anywhere in the object that the API server would rewrite. */
export function quantityViolations(object: KubeObject): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: string, key: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`, key);
    } else if (value !== null && typeof value === 'object') {
      for (const [childKey, child] of Object.entries(value)) {
        visit(child, `${path}.${childKey}`, childKey);
      }
    } else if (typeof value === 'string' || typeof value === 'number') {
      const check = CPU_KEYS.has(key)
        ? cpuProblem
        : MEMORY_KEYS.has(key)
          ? memoryProblem
          : undefined;
      const problem = check?.(String(value));
      if (problem) problems.push(`${path}: ${problem}`);
    }
  };
  // Only spec: metadata (labels, annotations) may use these words with other meanings.
  visit(object.spec, `${object.kind}/${object.metadata.name}.spec`, 'spec');
  return problems;
}
