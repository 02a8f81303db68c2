import { ANALYSIS_ARGS, analysisMetrics, successCondition } from '@gitops-lab/monitoring';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { ApiRolloutConfig } from '../config/schema.js';
import { commonLabels, namespaceName } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';

/** The AnalysisTemplate's name, which the Rollout's analysis steps refer to. */
export const API_ANALYSIS_TEMPLATE = 'api';

/**
 * The Argo Rollouts AnalysisTemplate that judges an api version by its own metrics: the queries,
 * thresholds and counts are monitoring's `analysisMetrics` (the same data the e2e proof evaluates
 * against a real Prometheus), with `{{args.namespace}}` and `{{args.version}}` left for the
 * AnalysisRun to fill.
 */
export class ApiAnalysisTemplate extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { environment: Environment; rollout: ApiRolloutConfig },
  ) {
    super(scope, id);
    const { environment, rollout } = props;
    new ApiObject(this, 'template', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: {
        name: API_ANALYSIS_TEMPLATE,
        namespace: namespaceName(environment.name),
        labels: commonLabels('api', environment.name),
        // Before the Rollout whose steps run it.
        annotations: syncWave(SYNC_WAVE.serviceAndAlbIngress),
      },
      spec: {
        args: ANALYSIS_ARGS.map((name) => ({ name })),
        metrics: analysisMetrics.map((metric) => ({
          name: metric.name,
          interval: `${metric.intervalS}s`,
          count: metric.count,
          failureLimit: metric.failureLimit,
          successCondition: successCondition(metric),
          provider: { prometheus: { address: rollout.prometheusAddress, query: metric.query } },
        })),
      },
    });
  }
}
