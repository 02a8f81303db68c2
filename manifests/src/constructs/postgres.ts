import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
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
import { containerResources } from './resources.js';
import { containerSecurity, podSecurity } from './security.js';

const DATA_MOUNT = '/var/lib/postgresql/data';
// A subdirectory: the volume's root may hold lost+found, and initdb wants an empty directory.
const PGDATA = `${DATA_MOUNT}/pgdata`;
const STOP_TIMEOUT_SECONDS = 50;

function isReadyProbe(timing: { periodSeconds: number; failureThreshold: number }): kplus.Probe {
  // pg_isready over the local TCP port; the variables come from the Secret.
  return kplus.Probe.fromCommand(
    [
      '/bin/sh',
      '-c',
      `exec pg_isready --host=127.0.0.1 --port=${POSTGRES_PORT} --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"`,
    ],
    {
      periodSeconds: Duration.seconds(timing.periodSeconds),
      failureThreshold: timing.failureThreshold,
      timeoutSeconds: Duration.seconds(3),
      successThreshold: 1,
    },
  );
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
    const secret = kplus.Secret.fromSecretName(this, 'db-secret', DB_SECRET_NAME);
    const fromSecret = (key: string) => kplus.EnvValue.fromSecretValue({ secret, key });

    const service = new kplus.Service(this, 'service', {
      metadata: {
        name: POSTGRES_NAME,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      // Headless: the name resolves straight to the pod (postgres-0.postgres for the StatefulSet).
      clusterIP: 'None',
      selector: kplus.Pods.select(this, 'pods', { labels: selectorLabels(POSTGRES_NAME) }),
      ports: [
        {
          name: 'postgres',
          port: POSTGRES_PORT,
          targetPort: POSTGRES_PORT,
          protocol: kplus.Protocol.TCP,
        },
      ],
    });

    const statefulSet = new kplus.StatefulSet(this, 'statefulset', {
      metadata: {
        name: POSTGRES_NAME,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.database),
      },
      service,
      // No selector derived from the construct path; the explicit one is added below.
      select: false,
      podMetadata: { labels },
      replicas: 1,
      terminationGracePeriod: Duration.seconds(STOP_TIMEOUT_SECONDS + 10),
      securityContext: podSecurity(POSTGRES_UID),
      containers: [
        {
          name: POSTGRES_NAME,
          image: postgres.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: 'postgres', number: POSTGRES_PORT, protocol: kplus.Protocol.TCP }],
          envVariables: {
            POSTGRES_USER: fromSecret('POSTGRES_USER'),
            POSTGRES_PASSWORD: fromSecret('POSTGRES_PASSWORD'),
            POSTGRES_DB: fromSecret('POSTGRES_DB'),
            PGDATA: kplus.EnvValue.fromValue(PGDATA),
          },
          resources: containerResources(postgres.resources),
          startup: isReadyProbe({ periodSeconds: 2, failureThreshold: 60 }),
          readiness: isReadyProbe({ periodSeconds: 5, failureThreshold: 3 }),
          liveness: isReadyProbe({ periodSeconds: 10, failureThreshold: 6 }),
          lifecycle: {
            // Kubernetes sends SIGTERM, which PostgreSQL treats as a "smart" shutdown that waits
            // for every client to disconnect, then SIGKILL at the grace period (a crash and WAL
            // recovery on the next start). A fast shutdown rolls back open transactions, writes a
            // checkpoint and exits cleanly.
            preStop: kplus.Handler.fromCommand([
              '/bin/sh',
              '-c',
              `exec pg_ctl stop --pgdata="$PGDATA" --mode=fast --wait --timeout=${STOP_TIMEOUT_SECONDS}`,
            ]),
          },
          securityContext: containerSecurity(POSTGRES_UID),
          // Read-only root filesystem: the socket directory and /tmp are the writable paths.
          volumeMounts: [
            {
              path: '/var/run/postgresql',
              volume: kplus.Volume.fromEmptyDir(this, 'run', 'run', {
                sizeLimit: Size.mebibytes(16),
              }),
            },
            {
              path: '/tmp',
              volume: kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', {
                sizeLimit: Size.mebibytes(64),
              }),
            },
          ],
        },
      ],
    });
    // L1: cdk8s+ 28 always writes externalIPs: [], which the API server drops (Argo CD would
    // keep showing the difference).
    ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
    // L1: cdk8s+ 28 takes only a number as targetPort; the Service targets the port by name.
    ApiObject.of(service).addJsonPatch(
      JsonPatch.replace('/spec/ports/0/targetPort', kplus.k8s.IntOrString.fromString('postgres')),
    );
    statefulSet.select(kplus.LabelSelector.of({ labels: selectorLabels(POSTGRES_NAME) }));

    // L1: cdk8s+ 28 has no volumeClaimTemplates, so the claim and its mount are added here.
    const spec = ApiObject.of(statefulSet);
    spec.addJsonPatch(
      JsonPatch.add('/spec/volumeClaimTemplates', [
        {
          metadata: { name: 'data', labels },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: postgres.storageClassName,
            resources: {
              requests: { storage: kplus.k8s.Quantity.fromString(postgres.storageSize) },
            },
          },
        },
      ]),
      JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', {
        name: 'data',
        mountPath: DATA_MOUNT,
      }),
    );
    // L1: cdk8s+ 28 has no revisionHistoryLimit. Kept at 5: the API server refuses a change to
    // it on an existing StatefulSet.
    spec.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 5));
    // L1: cdk8s+ 28 has no enableServiceLinks; false keeps POSTGRES_PORT=tcp://... and the other
    // docker-link variables out of the container env.
    spec.addJsonPatch(JsonPatch.add('/spec/template/spec/enableServiceLinks', false));
  }
}
