// The identity payload served by the api (/api/info) and the frontend (/info): same shape.
import type { IdentityPayload } from '@gitops-lab/service-kit/identity-payload';
import { faultNotes } from './fault-notes.js';
import { safeColor } from './version-style.js';

export interface AppInfo extends IdentityPayload {
  /** True when the api accepts the instructor fault endpoints. */
  faultInjection: boolean;
  /** What the pod reports as broken on purpose, in words (empty when nothing is). */
  faultNotes: string[];
  /** Who deployed it (frontend only): absent fields were not set. */
  deployment?: Deployment;
}

export interface Deployment {
  repository?: string;
  environment?: string;
  argocdApp?: string;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function faultInjectionOn(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return (
    typeof value === 'object' && value !== null && (value as { enabled?: unknown }).enabled === true
  );
}

function readDeployment(value: unknown): Deployment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const deployment: Deployment = {};
  for (const key of ['repository', 'environment', 'argocdApp'] as const) {
    if (typeof record[key] === 'string' && record[key] !== '') deployment[key] = record[key];
  }
  return deployment;
}

/** Reads an identity payload; undefined when it is not one (e.g. an HTML error page from a proxy). */
export function readAppInfo(body: unknown): AppInfo | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.version !== 'string' || typeof record.pod !== 'string') return undefined;
  const deployment = readDeployment(record.deployment);
  return {
    service: text(record.service, 'unknown'),
    version: record.version,
    revision: text(record.revision, 'unknown'),
    imageTag: text(record.imageTag, 'unknown'),
    color: safeColor(record.color),
    pod: record.pod,
    namespace: text(record.namespace, 'unknown'),
    node: text(record.node, 'unknown'),
    startedAt: text(record.startedAt, ''),
    uptimeSeconds: typeof record.uptimeSeconds === 'number' ? record.uptimeSeconds : 0,
    faultInjection: faultInjectionOn(record.faultInjection),
    faultNotes: faultNotes(record.faults),
    ...(deployment && { deployment }),
  };
}
