import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { AppName, ImageConfig } from '../config/schema.js';
import {
  APP_UID,
  CONTAINER_PORT,
  commonLabels,
  namespaceName,
  SERVICE_PORT,
  selectorLabels,
} from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';
import { resourceRequirements } from './resources.js';
import { containerSecurityContext, podSecurityContext } from './security.js';

/** Seconds kept between the app's own drain budget and the kubelet's SIGKILL. */
const GRACE_MARGIN_SECONDS = 10;

export interface WebAppProps {
  readonly environment: Environment;
  readonly app: AppName;
  readonly env: k8s.EnvVar[];
}

/**
 * One of the two Node services: Deployment (pods, probes, rolling update, security context),
 * its ClusterIP Service, and a PodDisruptionBudget.
 */
export class WebApp extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const { environment, app } = props;
    const config = environment.config.apps[app];
    const namespace = namespaceName(environment.name);
    const labels = commonLabels(app, environment.name);
    const selector = selectorLabels(app);
    const { delaySeconds, timeoutSeconds } = environment.config.drain;

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: app, namespace, labels, annotations: syncWave(SYNC_WAVE.workload) },
      spec: {
        // With an HPA the replica count is the HPA's: a fixed number here would make Argo CD
        // undo every scale-out.
        replicas: config.autoscaling ? undefined : config.replicas,
        revisionHistoryLimit: 5,
        minReadySeconds: 5,
        progressDeadlineSeconds: 120,
        strategy: {
          type: 'RollingUpdate',
          // One extra pod at a time, never one fewer ready pod than wanted.
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromNumber(1),
            maxUnavailable: k8s.IntOrString.fromNumber(0),
          },
        },
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels,
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(CONTAINER_PORT),
              'prometheus.io/path': '/metrics',
            },
          },
          spec: {
            automountServiceAccountToken: false,
            // No docker-link style API_PORT/POSTGRES_PORT variables in the container env.
            enableServiceLinks: false,
            // The app fails /readyz and keeps serving for delaySeconds (so the load balancer
            // stops sending first), then lets requests finish for timeoutSeconds.
            terminationGracePeriodSeconds: delaySeconds + timeoutSeconds + GRACE_MARGIN_SECONDS,
            securityContext: podSecurityContext(APP_UID),
            topologySpreadConstraints: [
              spread('topology.kubernetes.io/zone', selector),
              spread('kubernetes.io/hostname', selector),
            ],
            containers: [
              {
                name: app,
                image: imageReference(config.image),
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
                env: props.env,
                resources: resourceRequirements(config.resources),
                // Up to 60 s to start; liveness and readiness only begin once it passes.
                startupProbe: httpProbe('/healthz', { periodSeconds: 2, failureThreshold: 30 }),
                readinessProbe: httpProbe('/readyz', { periodSeconds: 5, failureThreshold: 2 }),
                // /healthz stays 200 while draining, so liveness never kills a draining pod.
                livenessProbe: httpProbe('/healthz', { periodSeconds: 10, failureThreshold: 3 }),
                securityContext: containerSecurityContext(APP_UID),
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            // The root filesystem is read-only; /tmp is the one writable path.
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }],
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: {
        name: app,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [
          {
            name: 'http',
            port: SERVICE_PORT,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
          },
        ],
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: {
        name: app,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      // maxUnavailable only: setting minAvailable as well is rejected by the API.
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }
}

/** `repository:tag`, plus `@sha256:...` once the delivery pipeline has recorded the digest. */
export function imageReference({ repository, tag, digest }: ImageConfig): string {
  return `${repository}:${tag}${digest ? `@${digest}` : ''}`;
}

function spread(
  topologyKey: string,
  selector: Record<string, string>,
): k8s.TopologySpreadConstraint {
  return {
    topologyKey,
    maxSkew: 1,
    // Best effort: a single-zone or single-node cluster (kind) still schedules every pod.
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    // Count only pods of the same ReplicaSet, so a rollout spreads the new pods too.
    matchLabelKeys: ['pod-template-hash'],
  };
}

function httpProbe(
  path: string,
  timing: { periodSeconds: number; failureThreshold: number },
): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' },
    timeoutSeconds: 2,
    successThreshold: 1,
    ...timing,
  };
}
