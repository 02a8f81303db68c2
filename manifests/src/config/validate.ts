import { repositoryProblem, tagProblem } from './image.js';
import { cpuMillis, cpuProblem, memoryMebibytes, memoryProblem } from './quantity.js';
import {
  type AlbConfig,
  APP_NAMES,
  type AppConfig,
  type AppName,
  type EnvironmentConfig,
  type EnvironmentName,
  type IngressConfig,
  type IngressPeer,
  LOG_LEVELS,
  type LogLevel,
  type Resources,
} from './types.js';

/** Thrown when a config file breaks the schema; the message lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `manifests/config/${environment}.json (env "${environment}") is invalid:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Json = unknown;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;
const CIDR = /^([0-9]{1,3}\.){3}[0-9]{1,3}\/([0-9]|[12][0-9]|3[0-2])$/;
// The tag says which version it is; the digest is what the kubelet pulls (a tag can be rebuilt).
const POSTGRES_IMAGE = /^postgres:[0-9]+\.[0-9]+(-[a-z0-9]+)?@sha256:[0-9a-f]{64}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[0-9a-f-]+$/;

/** Collects every problem with its field path instead of stopping at the first one. */
class Reader {
  readonly problems: string[] = [];
  /** Paths already reported as missing or not an object: their fields are not reported again. */
  private readonly brokenObjects = new Set<string>();

  fail(path: string, message: string): void {
    for (const broken of this.brokenObjects) {
      if (path === broken || path.startsWith(`${broken}.`)) return;
    }
    // The app a field belongs to is named first, so the reader knows which block to fix.
    const app = /^apps\.([^.]+)/.exec(path)?.[1];
    this.problems.push(app ? `app "${app}": ${path}: ${message}` : `${path}: ${message}`);
  }

  object(value: Json, path: string): Record<string, Json> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, Json>;
    }
    this.fail(path, value === undefined ? 'is missing' : 'must be an object');
    this.brokenObjects.add(path);
    return undefined;
  }

  /** Rejects keys the schema does not know (a typo would otherwise be silently ignored). */
  onlyKeys(value: Record<string, Json>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(join(path, key), 'is not a known field');
    }
  }

  string(value: Json, path: string, check?: (text: string) => string | undefined): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(path, value === undefined ? 'is missing' : 'must be a non-empty string');
      return '';
    }
    const problem = check?.(value);
    if (problem) this.fail(path, problem);
    return value;
  }

  pattern(value: Json, path: string, pattern: RegExp, hint: string): string {
    return this.string(value, path, (text) =>
      pattern.test(text) ? undefined : `"${text}" must be ${hint}`,
    );
  }

  integer(value: Json, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `must be an integer from ${min} to ${max}`);
      return min;
    }
    return value;
  }

  boolean(value: Json, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
      return false;
    }
    return value;
  }

  oneOf<T extends string>(value: Json, path: string, options: readonly T[]): T {
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) {
      return value as T;
    }
    this.fail(path, `must be one of ${options.map((option) => `"${option}"`).join(', ')}`);
    return options[0] as T;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function readResources(reader: Reader, value: Json, path: string): Resources {
  const amounts = (side: 'requests' | 'limits') => {
    const raw = reader.object(reader.object(value, path)?.[side], join(path, side)) ?? {};
    reader.onlyKeys(raw, join(path, side), ['cpu', 'memory']);
    return {
      cpu: reader.string(raw.cpu, `${path}.${side}.cpu`, cpuProblem),
      memory: reader.string(raw.memory, `${path}.${side}.memory`, memoryProblem),
    };
  };
  const raw = reader.object(value, path);
  if (raw) reader.onlyKeys(raw, path, ['requests', 'limits']);
  const problemsBefore = reader.problems.length;
  const requests = amounts('requests');
  const limits = amounts('limits');
  // Compare only quantities that parsed; a malformed one is already reported.
  if (reader.problems.length === problemsBefore) {
    if (cpuMillis(requests.cpu) > cpuMillis(limits.cpu)) {
      reader.fail(`${path}.requests.cpu`, 'must not exceed limits.cpu');
    }
    if (memoryMebibytes(requests.memory) > memoryMebibytes(limits.memory)) {
      reader.fail(`${path}.requests.memory`, 'must not exceed limits.memory');
    }
  }
  return { requests, limits };
}

function readApp(reader: Reader, value: Json, path: string): AppConfig {
  const raw = reader.object(value, path) ?? {};
  reader.onlyKeys(raw, path, ['image', 'replicas', 'resources', 'autoscaling']);
  const image = reader.object(raw.image, `${path}.image`) ?? {};
  reader.onlyKeys(image, `${path}.image`, ['repository', 'tag']);
  const replicas = reader.integer(raw.replicas, `${path}.replicas`, 1, 50);
  const app: AppConfig = {
    image: {
      repository: reader.string(image.repository, `${path}.image.repository`, repositoryProblem),
      tag: reader.string(image.tag, `${path}.image.tag`, tagProblem),
    },
    replicas,
    resources: readResources(reader, raw.resources, `${path}.resources`),
  };
  if (raw.autoscaling === undefined) return app;
  const scaling = reader.object(raw.autoscaling, `${path}.autoscaling`) ?? {};
  reader.onlyKeys(scaling, `${path}.autoscaling`, ['maxReplicas', 'cpuUtilizationPercent']);
  const maxReplicas = reader.integer(
    scaling.maxReplicas,
    `${path}.autoscaling.maxReplicas`,
    1,
    100,
  );
  if (maxReplicas < replicas) {
    reader.fail(`${path}.autoscaling.maxReplicas`, `must be at least replicas (${replicas})`);
  }
  return {
    ...app,
    autoscaling: {
      maxReplicas,
      cpuUtilizationPercent: reader.integer(
        scaling.cpuUtilizationPercent,
        `${path}.autoscaling.cpuUtilizationPercent`,
        10,
        100,
      ),
    },
  };
}

function readIngress(reader: Reader, value: Json): IngressConfig {
  const raw = reader.object(value, 'ingress') ?? {};
  reader.onlyKeys(raw, 'ingress', ['className', 'host', 'alb', 'inboundCidrs']);
  const className = reader.oneOf(raw.className, 'ingress.className', ['alb', 'nginx'] as const);
  const host =
    raw.host === undefined
      ? undefined
      : reader.pattern(raw.host, 'ingress.host', HOST, 'a DNS host name');
  const inboundCidrs = readCidrList(reader, raw.inboundCidrs, 'ingress.inboundCidrs');
  if (className !== 'alb') {
    if (raw.alb !== undefined) reader.fail('ingress.alb', 'is only allowed with className "alb"');
    if (inboundCidrs.length > 0) {
      reader.fail('ingress.inboundCidrs', 'is only allowed with className "alb"');
    }
    return { className, ...(host ? { host } : {}) };
  }
  const albRaw = reader.object(raw.alb, 'ingress.alb') ?? {};
  reader.onlyKeys(albRaw, 'ingress.alb', ['groupName', 'certificateArn']);
  const alb: AlbConfig = {
    groupName: reader.pattern(albRaw.groupName, 'ingress.alb.groupName', DNS_LABEL, 'a DNS label'),
    ...(albRaw.certificateArn === undefined
      ? {}
      : {
          certificateArn: reader.pattern(
            albRaw.certificateArn,
            'ingress.alb.certificateArn',
            ACM_ARN,
            'an ACM certificate ARN',
          ),
        }),
  };
  return { className, ...(host ? { host } : {}), alb, inboundCidrs };
}

function readCidrList(reader: Reader, value: Json, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    reader.fail(path, 'must be a list of IPv4 CIDRs');
    return [];
  }
  return value.map((cidr, index) =>
    reader.pattern(cidr, `${path}[${index}]`, CIDR, 'an IPv4 CIDR'),
  );
}

function readPeer(reader: Reader, value: Json, path: string): IngressPeer {
  const raw = reader.object(value, path) ?? {};
  reader.onlyKeys(raw, path, ['namespace', 'cidr', 'albSubnets']);
  const kinds = Object.keys(raw).filter((key) => raw[key] !== undefined);
  if (kinds.length === 1 && kinds[0] === 'cidr') {
    return { cidr: reader.pattern(raw.cidr, `${path}.cidr`, CIDR, 'an IPv4 CIDR') };
  }
  if (kinds.length === 1 && kinds[0] === 'namespace') {
    return {
      namespace: reader.pattern(raw.namespace, `${path}.namespace`, DNS_LABEL, 'a namespace name'),
    };
  }
  if (kinds.length === 1 && raw.albSubnets === true) return { albSubnets: true };
  reader.fail(path, 'must have exactly one of "namespace", "cidr" or "albSubnets": true');
  return { namespace: '' };
}

/** Validates parsed JSON for one environment; throws ConfigError naming every bad field. */
export function validateConfig(environment: EnvironmentName, json: Json): EnvironmentConfig {
  const reader = new Reader();
  const root = reader.object(json, '(root)') ?? {};
  reader.onlyKeys(root, '', [
    'apps',
    'faultInjection',
    'logLevel',
    'drain',
    'ingress',
    'postgres',
    'networkPolicy',
  ]);

  const appsRaw = reader.object(root.apps, 'apps') ?? {};
  reader.onlyKeys(appsRaw, 'apps', APP_NAMES);
  const apps = Object.fromEntries(
    APP_NAMES.map((name) => [name, readApp(reader, appsRaw[name], `apps.${name}`)]),
  ) as Record<AppName, AppConfig>;

  const drainRaw = reader.object(root.drain, 'drain') ?? {};
  reader.onlyKeys(drainRaw, 'drain', ['delaySeconds', 'timeoutSeconds']);
  const postgresRaw = reader.object(root.postgres, 'postgres') ?? {};
  reader.onlyKeys(postgresRaw, 'postgres', [
    'image',
    'storageClassName',
    'storageSize',
    'resources',
  ]);
  const policyRaw = reader.object(root.networkPolicy, 'networkPolicy') ?? {};
  reader.onlyKeys(policyRaw, 'networkPolicy', ['ingressControllerPeers', 'metricsNamespace']);
  const peersRaw = policyRaw.ingressControllerPeers;
  if (!Array.isArray(peersRaw) || peersRaw.length === 0) {
    reader.fail('networkPolicy.ingressControllerPeers', 'must be a non-empty list');
  }

  const config: EnvironmentConfig = {
    apps,
    faultInjection: reader.boolean(root.faultInjection, 'faultInjection'),
    logLevel: reader.oneOf<LogLevel>(root.logLevel, 'logLevel', LOG_LEVELS),
    drain: {
      delaySeconds: reader.integer(drainRaw.delaySeconds, 'drain.delaySeconds', 0, 120),
      timeoutSeconds: reader.integer(drainRaw.timeoutSeconds, 'drain.timeoutSeconds', 1, 120),
    },
    ingress: readIngress(reader, root.ingress),
    postgres: {
      image: reader.pattern(
        postgresRaw.image,
        'postgres.image',
        POSTGRES_IMAGE,
        'the official image pinned to a version and a digest, like "postgres:17.11@sha256:<64 hex>"',
      ),
      storageClassName: reader.pattern(
        postgresRaw.storageClassName,
        'postgres.storageClassName',
        DNS_LABEL,
        'a StorageClass name',
      ),
      storageSize: reader.string(postgresRaw.storageSize, 'postgres.storageSize', memoryProblem),
      resources: readResources(reader, postgresRaw.resources, 'postgres.resources'),
    },
    networkPolicy: {
      ingressControllerPeers: (Array.isArray(peersRaw) ? peersRaw : []).map((peer, index) =>
        readPeer(reader, peer, `networkPolicy.ingressControllerPeers[${index}]`),
      ),
      metricsNamespace: reader.pattern(
        policyRaw.metricsNamespace,
        'networkPolicy.metricsNamespace',
        DNS_LABEL,
        'a namespace name',
      ),
    },
  };

  if (reader.problems.length > 0) throw new ConfigError(environment, reader.problems);
  return config;
}
