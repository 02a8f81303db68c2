import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
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
import type { EnvVariables } from './app-env.js';
import { containerResources } from './resources.js';
import { containerSecurity, podSecurity } from './security.js';

/** Seconds kept between the app's own drain budget and the kubelet's SIGKILL. */
const GRACE_MARGIN_SECONDS = 10;

export interface WebAppProps {
  readonly environment: Environment;
  readonly app: AppName;
  readonly env: EnvVariables;
  /**
   * true: the pods are delivered by an Argo Rollouts Rollout that references this Deployment
   * (ApiRollout), which then only holds the pod template and keeps 0 replicas.
   */
  readonly deliveredByRollout?: boolean;
}

/** `repository:tag`, plus `@sha256:...` once the delivery pipeline has recorded the digest. */
export function imageReference({ repository, tag, digest }: ImageConfig): string {
  return `${repository}:${tag}${digest ? `@${digest}` : ''}`;
}

function httpProbe(
  path: string,
  timing: { periodSeconds: number; failureThreshold: number },
): kplus.Probe {
  return kplus.Probe.fromHttpGet(path, {
    port: CONTAINER_PORT,
    periodSeconds: Duration.seconds(timing.periodSeconds),
    failureThreshold: timing.failureThreshold,
    timeoutSeconds: Duration.seconds(2),
    successThreshold: 1,
  });
}

/**
 * One of the two Node services: Deployment (pods, probes, rolling update, security context),
 * its ClusterIP Service, and a PodDisruptionBudget.
 */
export class WebApp extends Construct {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const { environment, app } = props;
    const config = environment.config.apps[app];
    const namespace = namespaceName(environment.name);
    const labels = commonLabels(app, environment.name);
    // Spelled out, not derived from this construct's path: a Deployment's selector is immutable.
    const pods = kplus.Pods.select(this, 'pods', { labels: selectorLabels(app) });
    const { delaySeconds, timeoutSeconds } = environment.config.drain;

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: app, namespace, labels, annotations: syncWave(SYNC_WAVE.workload) },
      // No selector derived from the construct path; the explicit one is added below.
      select: false,
      podMetadata: {
        labels,
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(CONTAINER_PORT),
          'prometheus.io/path': '/metrics',
        },
      },
      // With an HPA the replica count is the HPA's: a fixed number here would make Argo CD
      // undo every scale-out.
      replicas: props.deliveredByRollout ? 0 : config.autoscaling ? undefined : config.replicas,
      minReady: Duration.seconds(5),
      progressDeadline: Duration.seconds(120),
      // One extra pod at a time, never one fewer ready pod than wanted.
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      // The app fails /readyz and keeps serving for delaySeconds (so the load balancer stops
      // sending first), then lets requests finish for timeoutSeconds.
      terminationGracePeriod: Duration.seconds(
        delaySeconds + timeoutSeconds + GRACE_MARGIN_SECONDS,
      ),
      securityContext: podSecurity(APP_UID),
      containers: [
        {
          name: app,
          image: imageReference(config.image),
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: 'http', number: CONTAINER_PORT, protocol: kplus.Protocol.TCP }],
          envVariables: props.env,
          resources: containerResources(config.resources),
          // Up to 60 s to start; liveness and readiness only begin once it passes.
          startup: httpProbe('/healthz', { periodSeconds: 2, failureThreshold: 30 }),
          readiness: httpProbe('/readyz', { periodSeconds: 5, failureThreshold: 2 }),
          // /healthz stays 200 while draining, so liveness never kills a draining pod.
          liveness: httpProbe('/healthz', { periodSeconds: 10, failureThreshold: 3 }),
          securityContext: containerSecurity(APP_UID),
          // The root filesystem is read-only; /tmp is the one writable path.
          volumeMounts: [
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
    this.deployment.select(kplus.LabelSelector.of({ labels: selectorLabels(app) }));

    const podSpec = ApiObject.of(this.deployment);
    // L1: cdk8s+ 28 has no topologySpreadConstraints (its `spread` writes pod anti-affinity).
    podSpec.addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        spread('topology.kubernetes.io/zone', selectorLabels(app)),
        spread('kubernetes.io/hostname', selectorLabels(app)),
      ]),
    );
    // L1: cdk8s+ 28 has no revisionHistoryLimit; 5 old ReplicaSets are enough for `rollout undo`.
    podSpec.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 5));
    // L1: cdk8s+ 28 has no enableServiceLinks; false keeps docker-link style API_PORT,
    // POSTGRES_PORT... variables out of the container env.
    podSpec.addJsonPatch(JsonPatch.add('/spec/template/spec/enableServiceLinks', false));

    this.service = new kplus.Service(this, 'service', {
      metadata: {
        name: app,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      type: kplus.ServiceType.CLUSTER_IP,
      selector: pods,
      ports: [
        {
          name: 'http',
          port: SERVICE_PORT,
          targetPort: CONTAINER_PORT,
          protocol: kplus.Protocol.TCP,
        },
      ],
    });

    const service = ApiObject.of(this.service);
    // L1: cdk8s+ 28 takes only a number as targetPort; the container port's name lets the
    // Service follow the pods whatever number they listen on.
    service.addJsonPatch(
      JsonPatch.replace('/spec/ports/0/targetPort', kplus.k8s.IntOrString.fromString('http')),
    );
    // L1: cdk8s+ 28 always writes externalIPs: [], which the API server drops (Argo CD would
    // keep showing the difference).
    service.addJsonPatch(JsonPatch.remove('/spec/externalIPs'));

    // L1: cdk8s+ 28 has no PodDisruptionBudget construct.
    new kplus.k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: {
        name: app,
        namespace,
        labels,
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      // maxUnavailable only: setting minAvailable as well is rejected by the API.
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: selectorLabels(app) },
      },
    });
  }
}

function spread(topologyKey: string, selector: Record<string, string>) {
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
