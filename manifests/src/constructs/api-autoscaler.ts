import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { commonLabels, namespaceName } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';

/**
 * HorizontalPodAutoscaler (autoscaling/v2) scaling the api (its Deployment, or its Rollout) on CPU
 * utilisation, which is measured against the CPU request (that is why requests are set).
 * Attaching it removes the target's own replica count.
 */
export class ApiAutoscaler extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      environment: Environment;
      autoscaling: NonNullable<AppConfig['autoscaling']>;
      target: kplus.IScalable;
    },
  ) {
    super(scope, id);
    const { environment, autoscaling, target } = props;
    new kplus.HorizontalPodAutoscaler(this, 'autoscaler', {
      metadata: {
        name: target.toScalingTarget().name,
        namespace: namespaceName(environment.name),
        labels: commonLabels('api', environment.name),
        annotations: syncWave(SYNC_WAVE.workload),
      },
      target,
      minReplicas: environment.config.apps.api.replicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [
        kplus.Metric.resourceCpu(
          kplus.MetricTarget.averageUtilization(autoscaling.cpuUtilizationPercent),
        ),
      ],
    });
  }
}
