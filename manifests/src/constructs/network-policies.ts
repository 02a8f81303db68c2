import { k8s } from 'cdk8s-plus-28';
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

const WEB_PODS: k8s.LabelSelector = {
  matchExpressions: [
    { key: 'app.kubernetes.io/name', operator: 'In', values: ['api', 'frontend'] },
    { key: 'app.kubernetes.io/part-of', operator: 'In', values: [PART_OF] },
  ],
};

function tcp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

function toPeers(peer: IngressPeer, albSubnetCidrs: readonly string[]): k8s.NetworkPolicyPeer[] {
  if ('albSubnets' in peer) return albSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } }));
  if ('cidr' in peer) return [{ ipBlock: { cidr: peer.cidr } }];
  return [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } } },
  ];
}

/**
 * Ingress traffic rules: deny everything in the namespace, then allow exactly the paths the
 * guestbook needs. Each rule is its own NetworkPolicy, named after what it allows.
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, environment: Environment) {
    super(scope, id);
    const { networkPolicy } = environment.config;
    const namespace = namespaceName(environment.name);
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      new k8s.KubeNetworkPolicy(this, name, {
        metadata: {
          name,
          namespace,
          labels: { 'app.kubernetes.io/part-of': PART_OF },
          annotations: syncWave(SYNC_WAVE.networkPolicy),
        },
        spec: { policyTypes: ['Ingress'], ...spec },
      });

    // An empty podSelector selects every pod; no ingress rules means nothing may connect.
    policy('default-deny-ingress', { podSelector: {} });

    // The Ingress "web" sends every path to the frontend, so only the frontend admits the
    // ingress controller. On EKS the ALB (target-type ip) connects from its ENIs in the public
    // subnets; the VPC CIDR would also admit every pod, since VPC CNI pods have VPC addresses.
    // On kind the ingress-nginx pods connect, from their namespace.
    policy('allow-ingress-controller-to-web', {
      podSelector: { matchLabels: selectorLabels('frontend') },
      ingress: [
        {
          from: networkPolicy.ingressControllerPeers.flatMap((peer) =>
            toPeers(peer, environment.network.publicSubnetCidrs),
          ),
          ports: [tcp(CONTAINER_PORT)],
        },
      ],
    });

    // The frontend server proxies /api to the api at http://api; nothing else reaches the api
    // (apart from metrics scraping below).
    policy('allow-frontend-to-api', {
      podSelector: { matchLabels: selectorLabels('api') },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: selectorLabels('frontend') } }],
          ports: [tcp(CONTAINER_PORT)],
        },
      ],
    });

    policy('allow-api-to-postgres', {
      podSelector: { matchLabels: selectorLabels(POSTGRES_NAME) },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: selectorLabels('api') } }],
          ports: [tcp(POSTGRES_PORT)],
        },
      ],
    });

    policy('allow-metrics-scraping', {
      podSelector: WEB_PODS,
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': networkPolicy.metricsNamespace },
              },
            },
          ],
          ports: [tcp(CONTAINER_PORT)],
        },
      ],
    });
  }
}
