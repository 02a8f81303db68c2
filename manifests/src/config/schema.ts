// The shape of manifests/config/<env>.json, as zod schemas: the one definition that validates the
// files (validate.ts), types the code (the inferred types below) and is emitted as the JSON Schema
// editors use (config/schema.json, written by `npm run synth`). CI's tag bump and `fork:configure`
// edit only apps.<app>.image; everything else belongs to this workspace.
import {
  imageDigestSchema,
  imageRepositorySchema,
  imageTagSchema,
} from '@gitops-lab/image-reference';
import { z } from 'zod';
import { cpuMillis, cpuProblem, memoryMebibytes, memoryProblem } from './quantity.js';

export const ENVIRONMENTS = ['dev', 'prod', 'local'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const APP_NAMES = ['api', 'frontend'] as const;
export type AppName = (typeof APP_NAMES)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;
const CIDR = /^([0-9]{1,3}\.){3}[0-9]{1,3}\/([0-9]|[12][0-9]|3[0-2])$/;
// The tag says which version it is; the digest is what the kubelet pulls (a tag can be rebuilt).
const POSTGRES_IMAGE = /^postgres:[0-9]+\.[0-9]+(-[a-z0-9]+)?@sha256:[0-9a-f]{64}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[0-9a-f-]+$/;

function matching(pattern: RegExp, hint: string) {
  return z
    .string()
    .regex(pattern, { error: (issue) => `"${String(issue.input)}" must be ${hint}` });
}

function integer(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A string that `problem` accepts (returns undefined for). */
function checkedBy(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, context) => {
    const message = problem(value);
    if (message) context.addIssue({ code: 'custom', message, input: value });
  });
}

const cidr = matching(CIDR, 'an IPv4 CIDR');
const cpu = checkedBy(cpuProblem).describe(
  'CPU in canonical form: "250m", "1", "1500m" (never "1000m")',
);
// cdk8s+ writes container memory in Mi (Size.toMebibytes), and the API server stores a whole
// number of GiB as Gi: "1024Mi" would come back as "1Gi" and Argo CD would never see it in sync.
const memory = checkedBy(memoryProblem)
  .refine((value) => memoryMebibytes(value) % 1024 !== 0, {
    error: (issue) =>
      `"${String(issue.input)}" is a whole number of Gi, which cdk8s+ cannot write canonically: use an amount in Mi such as "1536Mi"`,
  })
  .describe('Memory in canonical Mi: "128Mi", "1536Mi" (not a whole number of Gi)');
const amounts = z.strictObject({ cpu, memory });

export const resourcesSchema = z
  .strictObject({ requests: amounts, limits: amounts })
  .superRefine(({ requests, limits }, context) => {
    if (cpuMillis(requests.cpu) > cpuMillis(limits.cpu)) {
      context.addIssue({
        code: 'custom',
        path: ['requests', 'cpu'],
        message: 'must not exceed limits.cpu',
      });
    }
    if (memoryMebibytes(requests.memory) > memoryMebibytes(limits.memory)) {
      context.addIssue({
        code: 'custom',
        path: ['requests', 'memory'],
        message: 'must not exceed limits.memory',
      });
    }
  });

const imageSchema = z.strictObject({
  repository: imageRepositorySchema.describe('ghcr.io/<owner>/<repo>/<app>, lower case'),
  tag: imageTagSchema.describe('sha-<40 hex> or a semver tag; never latest'),
  digest: imageDigestSchema
    .optional()
    .describe('sha256:<64 hex>; when set, pods pull repository:tag@digest'),
});

const appSchema = z
  .strictObject({
    image: imageSchema,
    replicas: integer(1, 50).describe('Replica count; with autoscaling, the HPA minimum'),
    resources: resourcesSchema,
    autoscaling: z
      .strictObject({
        maxReplicas: integer(1, 100),
        cpuUtilizationPercent: integer(10, 100),
      })
      .optional()
      .describe('Present: an HPA owns the replica count. Absent: the Deployment sets it'),
  })
  .superRefine(({ replicas, autoscaling }, context) => {
    if (autoscaling && autoscaling.maxReplicas < replicas) {
      context.addIssue({
        code: 'custom',
        path: ['autoscaling', 'maxReplicas'],
        message: `must be at least replicas (${replicas})`,
      });
    }
  });

const albSchema = z.strictObject({
  groupName: matching(DNS_LABEL, 'a DNS label').describe(
    'alb.ingress.kubernetes.io/group.name: Ingresses sharing it share one ALB',
  ),
  certificateArn: matching(ACM_ARN, 'an ACM certificate ARN')
    .optional()
    .describe('When set, the ALB listens on 443 and redirects 80 to it'),
});

const ingressSchema = z
  .strictObject({
    className: z.enum(['alb', 'nginx']),
    host: matching(HOST, 'a DNS host name')
      .optional()
      .describe('Host to route; absent: every host'),
    alb: albSchema.optional().describe('Required when className is alb, forbidden otherwise'),
    inboundCidrs: z
      .array(cidr)
      .optional()
      .describe('Source CIDRs the ALB admits (e.g. a classroom); empty or absent: everyone'),
  })
  .superRefine((ingress, context) => {
    const only = (field: 'alb' | 'inboundCidrs') =>
      context.addIssue({
        code: 'custom',
        path: [field],
        message: 'is only allowed with className "alb"',
      });
    if (ingress.className === 'alb' && !ingress.alb) {
      context.addIssue({ code: 'custom', path: ['alb'], message: 'is missing' });
    }
    if (ingress.className !== 'alb' && ingress.alb) only('alb');
    if (ingress.className !== 'alb' && (ingress.inboundCidrs?.length ?? 0) > 0)
      only('inboundCidrs');
  });

/**
 * Where traffic to the frontend comes from: a namespace (an in-cluster controller such as
 * ingress-nginx), a CIDR, or `albSubnets`: the public subnets of infra/network.json, where the
 * ALB's ENIs live (ip targets see the ALB's own address as the source).
 */
const peerSchema = z
  .strictObject({
    namespace: matching(DNS_LABEL, 'a namespace name').optional(),
    cidr: cidr.optional(),
    albSubnets: z.boolean().optional(),
  })
  .superRefine((peer, context) => {
    const kinds = [peer.namespace !== undefined, peer.cidr !== undefined, peer.albSubnets === true];
    if (peer.albSubnets === false || kinds.filter(Boolean).length !== 1) {
      context.addIssue({
        code: 'custom',
        message: 'must have exactly one of "namespace", "cidr" or "albSubnets": true',
      });
    }
  })
  // Exactly one is set (checked above): hand the code a union it can switch on.
  .transform(
    ({ namespace, cidr }): { namespace: string } | { cidr: string } | { albSubnets: true } => {
      if (namespace !== undefined) return { namespace };
      if (cidr !== undefined) return { cidr };
      return { albSubnets: true };
    },
  );

/** The Service the prometheus chart of argocd/monitoring creates (release `prometheus`, port 80). */
export const DEFAULT_PROMETHEUS_ADDRESS = 'http://prometheus-server.monitoring.svc:80';

const apiRolloutSchema = z.strictObject({
  prometheusAddress: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(DEFAULT_PROMETHEUS_ADDRESS)
    .describe('The Prometheus the canary analysis queries'),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('The JSON Schema editors check this file with'),
  apps: z.strictObject({ api: appSchema, frontend: appSchema }),
  autoDeploy: z
    .boolean()
    .describe('true: every release bumps this environment to the new images (release.yml)'),
  apiRollout: apiRolloutSchema
    .optional()
    .describe(
      'Present: Argo Rollouts delivers the api as a canary (25/50/100 %) that analysis of its own metrics aborts. Absent: the Deployment rolls it out',
    ),
  faultInjection: z
    .boolean()
    .describe('The api accepts fault requests carrying the instructor key'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  drain: z.strictObject({
    delaySeconds: integer(0, 120).describe(
      'Seconds the app keeps serving (failing /readyz) after SIGTERM, before it closes',
    ),
    timeoutSeconds: integer(1, 120).describe('Seconds it then allows in-flight requests to finish'),
  }),
  ingress: ingressSchema,
  postgres: z.strictObject({
    image: matching(
      POSTGRES_IMAGE,
      'the official image pinned to a version and a digest, like "postgres:17.11@sha256:<64 hex>"',
    ),
    storageClassName: matching(DNS_LABEL, 'a StorageClass name'),
    storageSize: checkedBy(memoryProblem),
    resources: resourcesSchema,
  }),
  networkPolicy: z.strictObject({
    ingressControllerPeers: z.array(peerSchema).min(1, { error: 'must be a non-empty list' }),
    metricsNamespace: matching(DNS_LABEL, 'a namespace name').describe(
      'Namespace of the Prometheus that scrapes /metrics',
    ),
  }),
});

export type EnvironmentConfig = z.infer<typeof configSchema>;
export type AppConfig = EnvironmentConfig['apps'][AppName];
export type ImageConfig = AppConfig['image'];
export type Resources = z.infer<typeof resourcesSchema>;
export type IngressPeer = EnvironmentConfig['networkPolicy']['ingressControllerPeers'][number];
export type ApiRolloutConfig = NonNullable<EnvironmentConfig['apiRollout']>;
export type AlbConfig = NonNullable<EnvironmentConfig['ingress']['alb']>;
