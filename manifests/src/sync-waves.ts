// Argo CD applies lower waves first and waits for each wave to be healthy before the next.
// Order that matters here:
// - the Namespace (with its Pod Security and readiness-gate labels) before anything inside it;
// - NetworkPolicies before pods, so no pod runs unprotected;
// - Services and the ALB Ingress before the pods: the AWS Load Balancer Controller injects the
//   pod readiness gate only when the Service's target group exists at pod creation;
// - PostgreSQL before the api that connects to it;
// - on `local` (nginx), the Ingress after the workloads: an Ingress with no address yet stays
//   Progressing and would hold back every later wave.

export const SYNC_WAVE = {
  namespace: -3,
  networkPolicy: -2,
  serviceAndAlbIngress: -1,
  database: 0,
  workload: 1,
  clusterIngress: 2,
} as const;

export function syncWave(wave: number): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': String(wave) };
}
