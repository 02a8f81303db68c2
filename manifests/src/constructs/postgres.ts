import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import {
  commonLabels,
  DB_SECRET_NAME,
  namespaceName,
  POSTGRES_NAME,
  POSTGRES_PORT,
  POSTGRES_UID,
  selectorLabels,
} from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';
import { resourceRequirements } from './resources.js';
import { containerSecurityContext, podSecurityContext } from './security.js';

const DATA_MOUNT = '/var/lib/postgresql/data';
// A subdirectory: the volume's root may hold lost+found, and initdb wants an empty directory.
const PGDATA = `${DATA_MOUNT}/pgdata`;
const STOP_TIMEOUT_SECONDS = 50;

function fromDbSecret(name: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: DB_SECRET_NAME, key: name } } };
}

function isReadyProbe(timing: { periodSeconds: number; failureThreshold: number }): k8s.Probe {
  return {
    // pg_isready over the local TCP port; the variables come from the Secret.
    exec: {
      command: [
        '/bin/sh',
        '-c',
        `exec pg_isready --host=127.0.0.1 --port=${POSTGRES_PORT} --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"`,
      ],
    },
    timeoutSeconds: 3,
    successThreshold: 1,
    ...timing,
  };
}

/**
 * PostgreSQL for the guestbook: a one-replica StatefulSet whose data lives on a
 * PersistentVolumeClaim (volumeClaimTemplates, dynamically provisioned by the StorageClass),
 * reached through a headless Service.
 */
export class Postgres extends Construct {
  constructor(scope: Construct, id: string, environment: Environment) {
    super(scope, id);
    const { postgres } = environment.config;
    const namespace = namespaceName(environment.name);
    const labels = commonLabels(POSTGRES_NAME, environment.name);
    const selector = selectorLabels(POSTGRES_NAME);

    new k8s.KubeService(this, 'service', {
      metadata: {
        name: POSTGRES_NAME,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      spec: {
        // Headless: the name resolves straight to the pod (postgres-0.postgres for the StatefulSet).
        clusterIp: 'None',
        selector,
        ports: [
          {
            name: 'postgres',
            port: POSTGRES_PORT,
            targetPort: k8s.IntOrString.fromString('postgres'),
            protocol: 'TCP',
          },
        ],
      },
    });

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: {
        name: POSTGRES_NAME,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.database),
      },
      spec: {
        serviceName: POSTGRES_NAME,
        replicas: 1,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: STOP_TIMEOUT_SECONDS + 10,
            securityContext: podSecurityContext(POSTGRES_UID),
            containers: [
              {
                name: POSTGRES_NAME,
                image: postgres.image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'postgres', containerPort: POSTGRES_PORT, protocol: 'TCP' }],
                env: [
                  fromDbSecret('POSTGRES_USER'),
                  fromDbSecret('POSTGRES_PASSWORD'),
                  fromDbSecret('POSTGRES_DB'),
                  { name: 'PGDATA', value: PGDATA },
                ],
                resources: resourceRequirements(postgres.resources),
                startupProbe: isReadyProbe({ periodSeconds: 2, failureThreshold: 60 }),
                readinessProbe: isReadyProbe({ periodSeconds: 5, failureThreshold: 3 }),
                livenessProbe: isReadyProbe({ periodSeconds: 10, failureThreshold: 6 }),
                lifecycle: {
                  // Kubernetes sends SIGTERM, which PostgreSQL treats as a "smart" shutdown that
                  // waits for every client to disconnect, then SIGKILL at the grace period (a crash
                  // and WAL recovery on the next start). A fast shutdown rolls back open
                  // transactions, writes a checkpoint and exits cleanly.
                  preStop: {
                    exec: {
                      command: [
                        '/bin/sh',
                        '-c',
                        `exec pg_ctl stop --pgdata="$PGDATA" --mode=fast --wait --timeout=${STOP_TIMEOUT_SECONDS}`,
                      ],
                    },
                  },
                },
                securityContext: containerSecurityContext(POSTGRES_UID),
                volumeMounts: [
                  { name: 'data', mountPath: DATA_MOUNT },
                  // Read-only root filesystem: the socket directory and /tmp are the writable paths.
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: postgres.storageClassName,
              resources: { requests: { storage: k8s.Quantity.fromString(postgres.storageSize) } },
            },
          },
        ],
      },
    });
  }
}
