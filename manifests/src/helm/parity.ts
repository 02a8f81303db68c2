// The one list of ways `helm template` output may differ from manifests/dist/<env>, with the
// reason for each; test/helm-parity.test.ts removes exactly these and compares everything else.
import type { KubeObject } from '../render/render-environment.js';

/** Objects the cdk8s app renders and the chart leaves out. */
export const OBJECTS_ONLY_IN_DIST = [
  {
    kind: 'Namespace',
    reason:
      'A Helm release lives in a namespace that exists before it (helm install --namespace, made ' +
      'with its Pod Security labels by the lab): a chart that owned its namespace would delete it, ' +
      'with the database volume, on helm uninstall.',
  },
] as const;

/** Labels either side may carry that the other does not. */
export const LABELS_ALLOWED_TO_DIFFER = [
  {
    label: 'app.kubernetes.io/managed-by',
    reason:
      'Names the tool that applies the object: "cdk8s" in manifests/dist, "Helm" (the ' +
      'convention, .Release.Service) in the chart, where cdk8s writes none on Ingress and ' +
      'NetworkPolicies. Never part of a selector.',
  },
  {
    label: 'cdk8s.io/metadata.addr',
    reason:
      'cdk8s+ adds a hash of the construct path to pod templates and to the postgres Service ' +
      'selector; it means nothing outside cdk8s. The chart selects by the stable selector labels ' +
      '(name and part-of), which only postgres pods carry.',
  },
] as const;

/**
 * Flags of the parity render. `--skip-tests` leaves out the helm test hook (templates/tests,
 * annotated helm.sh/hook: test): it exists only while `helm test` runs.
 */
export const PARITY_RENDER_FLAGS = ['--skip-tests'] as const;

const DROPPED_LABELS: ReadonlySet<string> = new Set(LABELS_ALLOWED_TO_DIFFER.map((l) => l.label));
const DROPPED_KINDS: ReadonlySet<string> = new Set(OBJECTS_ONLY_IN_DIST.map((o) => o.kind));
/** Fields holding a label map (object and template labels, Service selectors, matchLabels). */
const LABEL_MAPS: ReadonlySet<string> = new Set(['labels', 'matchLabels', 'selector']);

function withoutAllowedLabels(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutAllowedLabels(item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !(LABEL_MAPS.has(key) && DROPPED_LABELS.has(name)))
      .map(([name, child]) => [name, withoutAllowedLabels(child, name)]),
  );
}

/**
 * The objects with the allowed differences removed, keyed `Kind/name`, in key order: what must
 * be equal between the chart and manifests/dist.
 */
export function comparableObjects(objects: readonly KubeObject[]): Record<string, unknown> {
  return Object.fromEntries(
    objects
      .filter((object) => !DROPPED_KINDS.has(object.kind))
      .map((object) => [`${object.kind}/${object.metadata.name}`, withoutAllowedLabels(object)])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
