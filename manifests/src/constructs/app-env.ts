import type { k8s } from 'cdk8s-plus-28';
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

function value(name: string, text: string): k8s.EnvVar {
  return { name, value: text };
}

function fromField(name: string, fieldPath: string): k8s.EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function fromDbSecret(name: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: DB_SECRET_NAME, key } } };
}

/** Settings both services read (see docs/architecture.md). */
function sharedEnv(environment: Environment, app: AppName): k8s.EnvVar[] {
  const { config } = environment;
  return [
    value('PORT', String(CONTAINER_PORT)),
    value('LOG_LEVEL', config.logLevel),
    value('SHUTDOWN_DELAY_MS', String(config.drain.delaySeconds * 1000)),
    value('SHUTDOWN_TIMEOUT_MS', String(config.drain.timeoutSeconds * 1000)),
    value('IMAGE_TAG', config.apps[app].image.tag),
    // Downward API: which pod, namespace and node answered, shown by /api/info and the page.
    fromField('POD_NAME', 'metadata.name'),
    fromField('POD_NAMESPACE', 'metadata.namespace'),
    fromField('NODE_NAME', 'spec.nodeName'),
  ];
}

export function apiEnv(environment: Environment): k8s.EnvVar[] {
  return [
    ...sharedEnv(environment, 'api'),
    value('FAULT_INJECTION', environment.config.faultInjection ? 'on' : 'off'),
    // The key an instructor sends as X-Instructor-Key to use the fault endpoints. Optional: the
    // pods start without the Secret, and the api then refuses every fault request.
    {
      name: 'INSTRUCTOR_KEY',
      valueFrom: {
        secretKeyRef: { name: INSTRUCTOR_KEY_SECRET_NAME, key: 'key', optional: true },
      },
    },
    // PGHOST selects PostgreSQL over the embedded database; the credentials come from the
    // Secret that manifests/scripts/create-db-secret.sh creates once per cluster.
    value('PGHOST', POSTGRES_NAME),
    value('PGPORT', String(POSTGRES_PORT)),
    fromDbSecret('PGUSER', 'POSTGRES_USER'),
    fromDbSecret('PGPASSWORD', 'POSTGRES_PASSWORD'),
    fromDbSecret('PGDATABASE', 'POSTGRES_DB'),
  ];
}

/** `<owner>/<repo>` from `ghcr.io/<owner>/<repo>/<app>`; undefined for other registries. */
export function githubRepository(repository: string): string | undefined {
  const match = /^ghcr\.io\/([^/]+)\/([^/]+)\/[^/]+$/.exec(repository);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

export function frontendEnv(environment: Environment): k8s.EnvVar[] {
  const repository = githubRepository(environment.config.apps.frontend.image.repository);
  return [
    ...sharedEnv(environment, 'frontend'),
    value('API_URL', 'http://api'),
    value('DEPLOY_ENV', environment.name),
    value('ARGOCD_APP', argoCdAppName(environment.name)),
    ...(repository ? [value('GITHUB_REPOSITORY', repository)] : []),
  ];
}
