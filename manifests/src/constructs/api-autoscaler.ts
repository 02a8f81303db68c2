import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { commonLabels, namespaceName } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';

/**
 * HorizontalPodAutoscaler (autoscaling/v2) scaling the api Deployment on CPU utilisation, which
 * is measured against the CPU request (that is why requests are set). Attaching it removes the
 * Deployment's own replica count.
 */
export class ApiAutoscaler extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      environment: Environment;
      autoscaling: NonNullable<AppConfig['autoscaling']>;
      deployment: kplus.Deployment;
    },
  ) {
    super(scope, id);
    const { environment, autoscaling, deployment } = props;
    new kplus.HorizontalPodAutoscaler(this, 'autoscaler', {
      metadata: {
        name: deployment.name,
        namespace: namespaceName(environment.name),
        labels: commonLabels('api', environment.name),
        annotations: syncWave(SYNC_WAVE.workload),
      },
      target: deployment,
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
