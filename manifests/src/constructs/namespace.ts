import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import { namespaceName, PART_OF } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';

/** The environment's namespace: Pod Security "restricted", plus ALB readiness gates on EKS. */
export class EnvironmentNamespace extends Construct {
  constructor(scope: Construct, id: string, environment: Environment) {
    super(scope, id);
    const usesAlb = environment.config.ingress.className === 'alb';
    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: namespaceName(environment.name),
        annotations: syncWave(SYNC_WAVE.namespace),
        labels: {
          'app.kubernetes.io/part-of': PART_OF,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          // The AWS Load Balancer Controller adds a readiness gate to new pods: a pod counts as
          // ready only once the ALB target group reports it healthy, so a rollout cannot outrun
          // the load balancer.
          ...(usesAlb ? { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' } : {}),
        },
      },
    });
  }
}
