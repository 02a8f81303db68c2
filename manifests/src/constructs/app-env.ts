import { EnvFieldPaths, EnvValue, Secret } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { AppName } from '../config/schema.js';
import {
  argoCdAppName,
  CONTAINER_PORT,
  DB_SECRET_NAME,
  INSTRUCTOR_KEY_SECRET_NAME,
  POSTGRES_NAME,
  POSTGRES_PORT,
} from '../naming.js';

export type EnvVariables = Record<string, EnvValue>;

/** Settings both services read (see docs/architecture.md). */
function sharedEnv(environment: Environment, app: AppName): EnvVariables {
  const { config } = environment;
  return {
    PORT: EnvValue.fromValue(String(CONTAINER_PORT)),
    LOG_LEVEL: EnvValue.fromValue(config.logLevel),
    SHUTDOWN_DELAY_MS: EnvValue.fromValue(String(config.drain.delaySeconds * 1000)),
    SHUTDOWN_TIMEOUT_MS: EnvValue.fromValue(String(config.drain.timeoutSeconds * 1000)),
    IMAGE_TAG: EnvValue.fromValue(config.apps[app].image.tag),
    // Downward API: which pod, namespace and node answered, shown by /api/info and the page.
    POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME),
    POD_NAMESPACE: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAMESPACE),
    NODE_NAME: EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME),
  };
}

export function apiEnv(scope: Construct, environment: Environment): EnvVariables {
  // Both Secrets are created by scripts under manifests/scripts, never by Argo CD.
  const database = Secret.fromSecretName(scope, 'db-secret', DB_SECRET_NAME);
  const instructorKey = Secret.fromSecretName(scope, 'instructor-key', INSTRUCTOR_KEY_SECRET_NAME);
  return {
    ...sharedEnv(environment, 'api'),
    FAULT_INJECTION: EnvValue.fromValue(environment.config.faultInjection ? 'on' : 'off'),
    // The key an instructor sends as X-Instructor-Key to use the fault endpoints. Optional: the
    // pods start without the Secret, and the api then refuses every fault request.
    INSTRUCTOR_KEY: EnvValue.fromSecretValue(
      { secret: instructorKey, key: 'key' },
      { optional: true },
    ),
    // PGHOST selects PostgreSQL over the embedded database.
    PGHOST: EnvValue.fromValue(POSTGRES_NAME),
    PGPORT: EnvValue.fromValue(String(POSTGRES_PORT)),
    PGUSER: EnvValue.fromSecretValue({ secret: database, key: 'POSTGRES_USER' }),
    PGPASSWORD: EnvValue.fromSecretValue({ secret: database, key: 'POSTGRES_PASSWORD' }),
    PGDATABASE: EnvValue.fromSecretValue({ secret: database, key: 'POSTGRES_DB' }),
  };
}

/** `<owner>/<repo>` from `ghcr.io/<owner>/<repo>/<app>`; undefined for other registries. */
export function githubRepository(repository: string): string | undefined {
  const match = /^ghcr\.io\/([^/]+)\/([^/]+)\/[^/]+$/.exec(repository);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

export function frontendEnv(environment: Environment): EnvVariables {
  const repository = githubRepository(environment.config.apps.frontend.image.repository);
  return {
    ...sharedEnv(environment, 'frontend'),
    // The api's ClusterIP Service, by its DNS name in the same namespace.
    API_URL: EnvValue.fromValue('http://api'),
    DEPLOY_ENV: EnvValue.fromValue(environment.name),
    ARGOCD_APP: EnvValue.fromValue(argoCdAppName(environment.name)),
    ...(repository ? { GITHUB_REPOSITORY: EnvValue.fromValue(repository) } : {}),
  };
}
