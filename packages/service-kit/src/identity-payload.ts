// The identity payload's fields as GET /api/info (api) and GET /info (frontend) serve them. Types
// only, no Node import: the browser page reads the same shape through the subpath export
// `@gitops-lab/service-kit/identity-payload`, and a type import leaves nothing in its bundle.
export interface IdentityPayload {
  service: string;
  version: string;
  revision: string;
  imageTag: string;
  color: string;
  pod: string;
  namespace: string;
  node: string;
  startedAt: string;
  uptimeSeconds: number;
}
