import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { commonLabels, namespaceName } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';

/** HorizontalPodAutoscaler (autoscaling/v2) scaling the api Deployment on CPU utilisation. */
export class ApiAutoscaler extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      environment: Environment;
      autoscaling: NonNullable<AppConfig['autoscaling']>;
      deploymentName: string;
    },
  ) {
    super(scope, id);
    const { environment, autoscaling } = props;
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
      metadata: {
        name: props.deploymentName,
        namespace: namespaceName(environment.name),
        labels: commonLabels('api', environment.name),
        annotations: syncWave(SYNC_WAVE.workload),
      },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        minReplicas: environment.config.apps.api.replicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            // Utilisation is measured against the CPU request, which is why requests are set.
            resource: {
              name: 'cpu',
              target: {
                type: 'Utilization',
                averageUtilization: autoscaling.cpuUtilizationPercent,
              },
            },
          },
        ],
      },
    });
  }
}
