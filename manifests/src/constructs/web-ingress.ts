import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import { namespaceName, PART_OF, SERVICE_PORT } from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';
import { albAnnotations } from './alb-annotations.js';

/**
 * The public entry: every path goes to the frontend, which serves the page and proxies `/api` to
 * the api's ClusterIP Service. The api is never a load balancer target.
 */
export class WebIngress extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { environment: Environment; frontend: kplus.Service },
  ) {
    super(scope, id);
    const { ingress } = props.environment.config;
    const wave = ingress.alb ? SYNC_WAVE.serviceAndAlbIngress : SYNC_WAVE.clusterIngress;

    new kplus.Ingress(this, 'ingress', {
      metadata: {
        name: 'web',
        namespace: namespaceName(props.environment.name),
        labels: { 'app.kubernetes.io/part-of': PART_OF },
        annotations: {
          ...syncWave(wave),
          ...(ingress.alb ? albAnnotations(ingress.alb, ingress.inboundCidrs) : {}),
        },
      },
      className: ingress.className,
      rules: [
        {
          ...(ingress.host ? { host: ingress.host } : {}),
          path: '/',
          pathType: kplus.HttpIngressPathType.PREFIX,
          backend: kplus.IngressBackend.fromService(props.frontend, { port: SERVICE_PORT }),
        },
      ],
    });
  }
}
