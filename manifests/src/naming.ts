import type { AppName, EnvironmentName } from './config/schema.js';

export const PART_OF = 'gitops-lab';
export const CONTAINER_PORT = 8080;
export const SERVICE_PORT = 80;
/** The UID/GID the api and frontend images run as (numeric, so runAsNonRoot can verify it). */
export const APP_UID = 10001;
/** The `postgres` user in the official Debian-based image. */
export const POSTGRES_UID = 999;
export const POSTGRES_PORT = 5432;
export const DB_SECRET_NAME = 'guestbook-db';
/** Created by scripts/create-instructor-key.sh; holds `key`, the api's INSTRUCTOR_KEY. */
export const INSTRUCTOR_KEY_SECRET_NAME = 'instructor-key';
export const POSTGRES_NAME = 'postgres';

export function namespaceName(environment: EnvironmentName): string {
  return `gitops-lab-${environment}`;
}

/** The Argo CD Application that deploys this environment. */
export function argoCdAppName(environment: EnvironmentName): string {
  return `gitops-lab-${environment}`;
}

/**
 * Pod selector labels. Spelled out here, never derived from a construct path: a Deployment's
 * selector is immutable, so a renamed construct must not change it.
 */
export function selectorLabels(component: AppName | typeof POSTGRES_NAME): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/part-of': PART_OF };
}

/**
 * Labels for every object of a component: the selector labels plus the instance and the managing
 * tool, in alphabetical order (as cdk8s writes them everywhere else).
 */
export function commonLabels(
  component: AppName | typeof POSTGRES_NAME,
  environment: EnvironmentName,
): Record<string, string> {
  return {
    'app.kubernetes.io/instance': namespaceName(environment),
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...selectorLabels(component),
  };
}
