import type { AnalysisArgs } from '@gitops-lab/monitoring';
import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { ApiRolloutConfig } from '../config/schema.js';
import { commonLabels, namespaceName, selectorLabels } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';
import { API_ANALYSIS_TEMPLATE, ApiAnalysisTemplate } from './api-analysis-template.js';

/** Seconds each canary weight runs before it is analysed: the queries' 1 m rate window fills. */
const SOAK_SECONDS = 60;

/**
 * The version label the api's metrics carry when a Rollout delivers it (APP_VERSION, which
 * `app_build_info{version}` reports), so the analysis of a release sees only that release's pods.
 * The image tag: every release has its own (sha-<commit>), the package version does not.
 */
export function rolloutVersion(environment: Environment): string {
  return environment.config.apps.api.image.tag;
}

/**
 * The api delivered by Argo Rollouts instead of the Deployment's rolling update: a canary of
 * 25 %, 50 % then 100 % of the pods, each weight soaked and then analysed (ApiAnalysisTemplate);
 * a failed analysis aborts the Rollout, which scales the canary away and the stable version
 * back up, with no one watching.
 *
 * The pods stay the Deployment's: the Rollout points at it with `workloadRef` (Argo Rollouts'
 * documented way to adopt a Deployment) and the Deployment keeps 0 replicas, so the selector,
 * probes, security context, PodDisruptionBudget and Service are the very objects of the
 * Deployment path, and an image bump still edits only the Deployment. (The pods' topology spread
 * counts pods of the same `pod-template-hash`, a label only a Deployment's pods carry; a Rollout's
 * pods carry `rollouts-pod-template-hash`, so the key is ignored and the spread, a preference
 * only, counts every api pod.)
 *
 * Replica-count canary, no traffic router: the weight is the share of pods behind the one
 * Service. Weighted ALB target groups would need the ALB controller's actions annotation on the
 * Ingress and a canary and a stable Service, and kind (the lab's local cluster) has no ALB; with
 * 3 pods, 25 % and 50 % are 1 and 2 pods, which the scoreboard shows as they are.
 */
export class ApiRollout extends Construct implements kplus.IScalable {
  hasAutoscaler = false;
  private readonly name: string;
  private readonly replicas: number | undefined;
  private readonly containers: kplus.Container[];

  constructor(
    scope: Construct,
    id: string,
    props: { environment: Environment; rollout: ApiRolloutConfig; deployment: kplus.Deployment },
  ) {
    super(scope, id);
    const { environment, rollout, deployment } = props;
    const namespace = namespaceName(environment.name);
    const { autoscaling, replicas } = environment.config.apps.api;
    this.name = deployment.name;
    // With an HPA the replica count is the HPA's, as for the Deployment.
    this.replicas = autoscaling ? undefined : replicas;
    this.containers = deployment.containers;

    new ApiAnalysisTemplate(this, 'analysis', { environment, rollout });
    const args: AnalysisArgs = { namespace, version: rolloutVersion(environment) };
    const analysis = {
      analysis: {
        templates: [{ templateName: API_ANALYSIS_TEMPLATE }],
        args: Object.entries(args).map(([name, value]) => ({ name, value })),
      },
    };
    const soak = { pause: { duration: `${SOAK_SECONDS}s` } };

    new ApiObject(this, 'rollout', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: this.name,
        namespace,
        labels: commonLabels('api', environment.name),
        annotations: syncWave(SYNC_WAVE.workload),
      },
      spec: {
        replicas: this.replicas,
        // The Deployment's selector: the Rollout takes over the pods it selects.
        selector: { matchLabels: selectorLabels('api') },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name },
        // As the Deployment: ready for 5 s counts as available, 120 s to make progress, and 5 old
        // ReplicaSets kept.
        minReadySeconds: 5,
        progressDeadlineSeconds: 120,
        revisionHistoryLimit: 5,
        strategy: {
          canary: {
            // As the Deployment: one extra pod at a time, never one fewer ready pod than wanted.
            maxSurge: 1,
            maxUnavailable: 0,
            steps: [
              { setWeight: 25 },
              soak,
              analysis,
              { setWeight: 50 },
              soak,
              analysis,
              { setWeight: 100 },
            ],
          },
        },
      },
    });
  }

  markHasAutoscaler(): void {
    this.hasAutoscaler = true;
  }

  toScalingTarget(): kplus.ScalingTarget {
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: this.name,
      containers: this.containers,
      replicas: this.replicas,
    };
  }
}
