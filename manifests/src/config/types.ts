import type { InfraNetwork } from './network.js';

// The shape of manifests/config/<env>.json. CI's tag bump and `fork:configure` edit only
// apps.<app>.image.repository and apps.<app>.image.tag; everything else belongs to this workspace.

export const ENVIRONMENTS = ['dev', 'prod', 'local'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const APP_NAMES = ['api', 'frontend'] as const;
export type AppName = (typeof APP_NAMES)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ResourceAmounts {
  /** CPU in canonical form: `250m`, `1`, `1500m` (never `1000m`). */
  readonly cpu: string;
  /** Memory in canonical form: `128Mi`, `1Gi`, `1536Mi` (never `1024Mi`). */
  readonly memory: string;
}

export interface Resources {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
}

export interface ImageConfig {
  /** `ghcr.io/<owner>/<repo>/<app>`, lower case. */
  readonly repository: string;
  /** `sha-<hex>`, a semver tag, or a digest `sha256:<64 hex>`; never `latest`. */
  readonly tag: string;
}

export interface AutoscalingConfig {
  readonly maxReplicas: number;
  readonly cpuUtilizationPercent: number;
}

export interface AppConfig {
  readonly image: ImageConfig;
  /** Replica count; with autoscaling it is the HPA's minReplicas. */
  readonly replicas: number;
  readonly resources: Resources;
  /** Present: an HPA owns the replica count. Absent: the Deployment sets it. */
  readonly autoscaling?: AutoscalingConfig;
}

export interface AlbConfig {
  /** `alb.ingress.kubernetes.io/group.name`: Ingresses sharing it share one ALB. */
  readonly groupName: string;
  /** An ACM certificate ARN; when set, the ALB listens on 443 and redirects 80 to it. */
  readonly certificateArn?: string;
}

export interface IngressConfig {
  readonly className: 'alb' | 'nginx';
  /** Host to route; absent: every host. */
  readonly host?: string;
  /** Required when className is `alb`, forbidden otherwise. */
  readonly alb?: AlbConfig;
  /** Source CIDRs the ALB accepts (for example a classroom's); empty or absent: open to all. */
  readonly inboundCidrs?: readonly string[];
}

export interface DrainConfig {
  /** Seconds the app keeps serving (failing /readyz) after SIGTERM, before it closes. */
  readonly delaySeconds: number;
  /** Seconds it then allows in-flight requests to finish. */
  readonly timeoutSeconds: number;
}

export interface PostgresConfig {
  /** The official image, pinned: `postgres:<major>.<minor>@sha256:<digest>`. */
  readonly image: string;
  readonly storageClassName: string;
  readonly storageSize: string;
  readonly resources: Resources;
}

/**
 * Where traffic to the frontend comes from: a namespace (an in-cluster controller such as
 * ingress-nginx), a CIDR, or `albSubnets`: the public subnets of infra/network.json, where the
 * ALB's ENIs live (ip targets see the ALB's own address as the source).
 */
export type IngressPeer =
  | { readonly namespace: string }
  | { readonly cidr: string }
  | { readonly albSubnets: true };

export interface NetworkPolicyConfig {
  readonly ingressControllerPeers: readonly IngressPeer[];
  /** Namespace of the Prometheus that scrapes /metrics. */
  readonly metricsNamespace: string;
}

export interface EnvironmentConfig {
  readonly apps: Readonly<Record<AppName, AppConfig>>;
  readonly faultInjection: boolean;
  readonly logLevel: LogLevel;
  readonly drain: DrainConfig;
  readonly ingress: IngressConfig;
  readonly postgres: PostgresConfig;
  readonly networkPolicy: NetworkPolicyConfig;
}

/** A validated config with the environment it belongs to and the network it runs in. */
export interface Environment {
  readonly name: EnvironmentName;
  readonly config: EnvironmentConfig;
  readonly network: InfraNetwork;
}
