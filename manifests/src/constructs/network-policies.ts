import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config/load.js';
import type { IngressPeer } from '../config/schema.js';
import {
  CONTAINER_PORT,
  namespaceName,
  PART_OF,
  POSTGRES_NAME,
  POSTGRES_PORT,
  selectorLabels,
} from '../naming.js';
import { SYNC_WAVE, syncWave } from '../sync-waves.js';

/**
 * Ingress traffic rules: deny everything in the namespace, then allow exactly the paths the
 * guestbook needs. Each rule is its own NetworkPolicy, named after what it allows. Every pod
 * selector is written out (never a construct's own address label).
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, environment: Environment) {
    super(scope, id);
    const { networkPolicy } = environment.config;
    const namespace = namespaceName(environment.name);
    const pods = (name: string, labels: Record<string, string>) =>
      kplus.Pods.select(this, `${name}-pods`, { labels });
    const policy = (
      name: string,
      selector: kplus.IPodSelector,
      rules: kplus.NetworkPolicyRule[] = [],
    ) =>
      new kplus.NetworkPolicy(this, name, {
        metadata: {
          name,
          namespace,
          labels: { 'app.kubernetes.io/part-of': PART_OF },
          annotations: syncWave(SYNC_WAVE.networkPolicy),
        },
        selector,
        ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules },
      });
    const http = [kplus.NetworkPolicyPort.tcp(CONTAINER_PORT)];
    const toPeers = (peer: IngressPeer, index: number): kplus.INetworkPolicyPeer[] => {
      if ('albSubnets' in peer) {
        return environment.network.publicSubnetCidrs.map((cidr, subnet) =>
          kplus.NetworkPolicyIpBlock.ipv4(this, `alb-subnet-${subnet}`, cidr),
        );
      }
      if ('cidr' in peer)
        return [kplus.NetworkPolicyIpBlock.ipv4(this, `peer-${index}`, peer.cidr)];
      return [kplus.Namespaces.select(this, `peer-${index}`, { names: [peer.namespace] })];
    };

    // Every pod of the namespace, and no rule: nothing may connect.
    policy('default-deny-ingress', kplus.Pods.all(this, 'all-pods'));

    // The Ingress "web" sends every path to the frontend, so only the frontend admits the
    // ingress controller. On EKS the ALB (target-type ip) connects from its ENIs in the public
    // subnets; the VPC CIDR would also admit every pod, since VPC CNI pods have VPC addresses.
    // On kind the ingress-nginx pods connect, from their namespace.
    policy(
      'allow-ingress-controller-to-web',
      pods('frontend', selectorLabels('frontend')),
      networkPolicy.ingressControllerPeers.flatMap(toPeers).map((peer) => ({ peer, ports: http })),
    );

    // The frontend server proxies /api to the api at http://api; nothing else reaches the api
    // (apart from metrics scraping below).
    policy('allow-frontend-to-api', pods('api', selectorLabels('api')), [
      { peer: pods('from-frontend', selectorLabels('frontend')), ports: http },
    ]);

    policy('allow-api-to-postgres', pods('postgres', selectorLabels(POSTGRES_NAME)), [
      {
        peer: pods('from-api', selectorLabels('api')),
        ports: [kplus.NetworkPolicyPort.tcp(POSTGRES_PORT)],
      },
    ]);

    const webPods = kplus.Pods.select(this, 'web-pods', {
      expressions: [
        kplus.LabelExpression.in('app.kubernetes.io/name', ['api', 'frontend']),
        kplus.LabelExpression.in('app.kubernetes.io/part-of', [PART_OF]),
      ],
    });
    policy('allow-metrics-scraping', webPods, [
      {
        peer: kplus.Namespaces.select(this, 'metrics-namespace', {
          names: [networkPolicy.metricsNamespace],
        }),
        ports: http,
      },
    ]);
  }
}
