// What the Kubernetes API server checks before it stores an object, for the rules the labs lean
// on: the schema (kubernetes-models, generated from the same OpenAPI document), a container's
// requests not above its limits, a workload's selector matching its pod template, and the fields
// that cannot change after creation. kubectl's local modes (`--local`, `--dry-run=client`) check
// none of these; the real server answers 422 Invalid.

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

type Model = new (data: unknown) => { validate(): void };

/** The kubernetes-models class of an object: core kinds, then Argo CD's. */
function modelFor(object: KubeObject): Model | undefined {
  for (const prefix of ['kubernetes-models', '@kubernetes-models/argo-cd']) {
    try {
      const module = require(`${prefix}/${object.apiVersion}/${object.kind}`) as Record<
        string,
        Model
      >;
      if (module[object.kind]) return module[object.kind];
    } catch {
      // not this package's kind
    }
  }
  return undefined;
}

const UNITS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource quantity (`500m`, `8`, `256Mi`, `1e3`) as a number, or undefined when malformed. */
export function parseQuantity(value: unknown): number | undefined {
  const match =
    /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkKMGTPE]?)$/.exec(
      String(value),
    );
  const unit = match ? UNITS[match[2] ?? ''] : undefined;
  return match && unit !== undefined ? Number(match[1]) * unit : undefined;
}

interface Container {
  name?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: PodSpec;
}

/** The pod spec an object carries (a Pod's own, a workload's template), if any. */
function podSpecOf(object: KubeObject): PodSpec | undefined {
  if (object.kind === 'Pod') return object.spec as PodSpec | undefined;
  const spec = object.spec as {
    template?: PodTemplate;
    jobTemplate?: { spec?: { template?: PodTemplate } };
  };
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

const WORKLOADS_WITH_SELECTOR = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** Problems the API server reports when this object is created or replaced. */
export function validationProblems(object: KubeObject): string[] {
  const id = `${object.kind}/${object.metadata.name}`;
  const problems: string[] = [];
  const Model = modelFor(object);
  if (!Model) {
    problems.push(`${id}: no schema for ${object.apiVersion} ${object.kind}`);
  } else {
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${id}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const podSpec = podSpecOf(object);
  for (const container of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
    const { requests = {}, limits = {} } = container.resources ?? {};
    for (const [resource, request] of Object.entries(requests)) {
      const limit = limits[resource];
      if (limit === undefined) continue;
      if ((parseQuantity(request) ?? 0) > (parseQuantity(limit) ?? Number.POSITIVE_INFINITY)) {
        problems.push(
          `${id}: Invalid value: "${request}": container ${container.name}: ${resource} request must be less than or equal to ${resource} limit of ${limit}`,
        );
      }
    }
  }
  if (WORKLOADS_WITH_SELECTOR.has(object.kind)) {
    const spec = object.spec as {
      selector?: { matchLabels?: Record<string, string> };
      template?: PodTemplate;
    };
    const labels = spec.template?.metadata?.labels ?? {};
    const selector = spec.selector?.matchLabels ?? {};
    if (Object.entries(selector).some(([key, value]) => labels[key] !== value)) {
      problems.push(
        `${id}: spec.template.metadata.labels: Invalid value: \`selector\` does not match template \`labels\``,
      );
    }
  }
  return problems;
}

/** Spec fields a kind's objects may change after creation; every other spec field is immutable. */
const MUTABLE_SPEC_FIELDS: Record<string, readonly string[]> = {
  StatefulSet: [
    'replicas',
    'ordinals',
    'template',
    'updateStrategy',
    'persistentVolumeClaimRetentionPolicy',
    'minReadySeconds',
  ],
};

/** Single spec fields that cannot change once set (the rest of the spec may). */
const IMMUTABLE_SPEC_FIELDS: Record<string, readonly string[]> = {
  Deployment: ['selector'],
  ReplicaSet: ['selector'],
  DaemonSet: ['selector'],
  Job: ['selector', 'template'],
  Service: ['clusterIP'],
  PersistentVolumeClaim: [
    'accessModes',
    'storageClassName',
    'volumeName',
    'volumeMode',
    'selector',
  ],
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Problems the API server reports when `next` replaces the stored `previous`. */
export function updateProblems(previous: KubeObject, next: KubeObject): string[] {
  const id = `${next.kind}/${next.metadata.name}`;
  const before = (previous.spec ?? {}) as Record<string, unknown>;
  const after = (next.spec ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const mutable = MUTABLE_SPEC_FIELDS[next.kind];
  if (mutable) {
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!mutable.includes(field) && !same(before[field], after[field])) {
        problems.push(
          `${id}: spec: Forbidden: updates to statefulset spec for fields other than ${mutable.map((f) => `'${f}'`).join(', ')} are forbidden (spec.${field} changed)`,
        );
      }
    }
  }
  for (const field of IMMUTABLE_SPEC_FIELDS[next.kind] ?? []) {
    if (before[field] !== undefined && !same(before[field], after[field])) {
      problems.push(`${id}: spec.${field}: Invalid value: field is immutable`);
    }
  }
  for (const kind of ['Secret', 'ConfigMap']) {
    if (next.kind === kind && previous.immutable === true && !same(previous.data, next.data)) {
      problems.push(`${id}: data: Forbidden: field is immutable when \`immutable\` is set`);
    }
  }
  return problems;
}
