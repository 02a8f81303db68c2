// How Argo CD decides whether an AppProject permits a destination and a resource kind.
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';

type ProjectSpec = IAppProject['spec'];
type GroupKind = { group: string; kind: string };

/** Argo CD matches destination servers, namespaces, groups and kinds as globs (`pr-*`). */
export function globMatch(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

export function destinationPermitted(
  project: ProjectSpec,
  destination: { server?: string; namespace?: string },
): boolean {
  return (project.destinations ?? []).some(
    (allowed) =>
      allowed.server !== undefined &&
      globMatch(allowed.server, destination.server ?? '') &&
      globMatch(allowed.namespace ?? '', destination.namespace ?? ''),
  );
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

export function kindPermitted(list: GroupKind[] | undefined, group: string, kind: string): boolean {
  return (list ?? []).some((entry) => globMatch(entry.group, group) && globMatch(entry.kind, kind));
}
