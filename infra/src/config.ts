// Every choice a student may want to change is a CDK context value (infra/cdk.json, or
// `-c key=value` on the command line), read and validated here so the stacks hold no
// hard-coded choices. Values given with `-c` arrive as strings, so numbers, booleans and
// lists are accepted in their string form too.
import type { Node } from 'constructs';

export interface LabConfig {
  /** The fork's Git URL, the bootstrap Application's repoURL (`fork:configure` rewrites it). */
  readonly repoUrl: string;
  /** `<owner>/<repo>` of the fork: the GitHub OIDC trust is limited to it. */
  readonly githubRepo: string;
  /**
   * GitHub's numeric IDs of the fork's owner and of the fork, both set or both empty. Set: the
   * CI role trusts only the immutable `sub` claim that carries them. Empty: it trusts the
   * fork's current names, in either `sub` format.
   */
  readonly githubOwnerId: string;
  readonly githubRepoId: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly natGateways: number;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** Empty: the EKS API endpoint is public (IAM still authenticates every call). */
  readonly eksPublicAccessCidrs: readonly string[];
  /** Empty: only the CloudFormation execution role (the cluster creator) is admin. */
  readonly adminPrincipalArn: string;
  readonly nodeInstanceType: string;
  readonly nodeDesiredSize: number;
  readonly nodeMinSize: number;
  readonly nodeMaxSize: number;
  readonly nodeDiskGiB: number;
  readonly albControllerVersion: string;
  readonly metricsServerChartVersion: string;
  readonly ecrRepositoryNames: readonly string[];
  readonly ecrKeepImages: number;
  /** Empty: the stack creates the GitHub OIDC provider; an ARN imports the existing one. */
  readonly githubOidcProviderArn: string;
  readonly githubBranch: string;
  readonly githubRoleName: string;
  readonly kubeadmAvailabilityZone: string;
  readonly kubeadmInstanceType: string;
  readonly kubeadmVolumeGiB: number;
  readonly kubeadmKubernetesVersion: string;
  readonly keyPairName: string;
  readonly createKeyPair: boolean;
  /** Empty: SSH, the API server and NodePorts are closed to the outside. */
  readonly allowedCidr: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid CDK context (infra/cdk.json or -c key=value):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The kubectl/helm layer bundled with this app is v1.35; kubectl supports one minor either side. */
export const KUBECTL_LAYER_MINOR = 35;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(user|role|assumed-role)\/.+$/;
const OIDC_PROVIDER =
  /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
const MINOR_VERSION = /^1\.(\d{2})$/;
const GITHUB_ID = /^[1-9]\d{0,15}$/;

export function isCidr(value: string): boolean {
  const match = CIDR.exec(value);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((octet) => octet <= 255) && Number(match[5]) <= 32;
}

/** Reads the whole configuration, reporting every bad key at once. */
export function readLabConfig(node: Node): LabConfig {
  const problems: string[] = [];
  const raw = (key: string): unknown => node.tryGetContext(key);

  const text = (key: string, check?: (v: string) => string | undefined, allowEmpty = false) => {
    const value = raw(key);
    if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
      problems.push(`${key}: expected a non-empty string, got ${JSON.stringify(value)}`);
      return '';
    }
    const trimmed = value.trim();
    if (trimmed !== '' && check) {
      const problem = check(trimmed);
      if (problem) problems.push(`${key}: ${problem}`);
    }
    return trimmed;
  };

  const integer = (key: string, min: number, max: number) => {
    const value = raw(key);
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
      problems.push(
        `${key}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
      return min;
    }
    return parsed;
  };

  const flag = (key: string) => {
    const value = raw(key);
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    problems.push(`${key}: expected true or false, got ${JSON.stringify(value)}`);
    return false;
  };

  const list = (key: string, check: (v: string) => string | undefined, allowEmpty: boolean) => {
    let value = raw(key);
    if (typeof value === 'string') {
      value = value.trim().startsWith('[')
        ? safeJson(value)
        : value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '');
    }
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      problems.push(`${key}: expected a list of strings, got ${JSON.stringify(raw(key))}`);
      return [];
    }
    if (!allowEmpty && value.length === 0) problems.push(`${key}: must not be empty`);
    for (const item of value as string[]) {
      const problem = check(item);
      if (problem) problems.push(`${key}: ${JSON.stringify(item)} ${problem}`);
    }
    return value as string[];
  };

  // A GitHub owner or repository ID: digits as a string (`-c` and `gh api` give strings), or a
  // JSON number typed into cdk.json; empty when not pinned. undefined when invalid.
  const githubId = (key: string): string | undefined => {
    const value = raw(key);
    const digits = Number.isSafeInteger(value) ? String(value) : value;
    if (typeof digits === 'string' && (digits.trim() === '' || GITHUB_ID.test(digits.trim()))) {
      return digits.trim();
    }
    problems.push(
      `${key}: expected GitHub's numeric ID (gh api repos/<owner>/<repo> --jq '.owner.id, .id') or "", got ${JSON.stringify(value)}`,
    );
    return undefined;
  };
  const githubOwnerId = githubId('githubOwnerId');
  const githubRepoId = githubId('githubRepoId');
  if (
    githubOwnerId !== undefined &&
    githubRepoId !== undefined &&
    (githubOwnerId === '') !== (githubRepoId === '')
  ) {
    problems.push(
      'githubOwnerId, githubRepoId: set both (the CI role then trusts only the immutable subject) or neither',
    );
  }

  const cidr = (v: string) =>
    isCidr(v) ? undefined : 'is not an IPv4 CIDR such as 203.0.113.7/32';
  const minor = (v: string) =>
    MINOR_VERSION.test(v) ? undefined : 'expected a minor version such as 1.35';

  const region = text('region', (v) =>
    /^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? undefined : 'is not an AWS region',
  );
  const config: LabConfig = {
    repoUrl: text('repoUrl', (v) =>
      /^https:\/\/\S+\.git$/.test(v) ? undefined : 'expected https://github.com/<owner>/<repo>.git',
    ),
    githubRepo: text('githubRepo', (v) =>
      GITHUB_REPO.test(v) ? undefined : 'expected <owner>/<repo>',
    ),
    githubOwnerId: githubOwnerId ?? '',
    githubRepoId: githubRepoId ?? '',
    region,
    availabilityZones: list(
      'availabilityZones',
      (v) => (v.startsWith(region) && /[a-z]$/.test(v) ? undefined : `is not a zone of ${region}`),
      false,
    ),
    natGateways: integer('natGateways', 1, 3),
    clusterName: text('clusterName', (v) =>
      /^[A-Za-z][A-Za-z0-9-]{0,99}$/.test(v) ? undefined : 'letters, digits and dashes only',
    ),
    kubernetesVersion: text('kubernetesVersion', (v) => {
      const match = MINOR_VERSION.exec(v);
      if (!match) return 'expected a minor version such as 1.35';
      return Math.abs(Number(match[1]) - KUBECTL_LAYER_MINOR) <= 1
        ? undefined
        : `the bundled kubectl layer is v1.${KUBECTL_LAYER_MINOR}: use 1.${KUBECTL_LAYER_MINOR - 1}-1.${KUBECTL_LAYER_MINOR + 1} or install @aws-cdk/lambda-layer-kubectl-v${match[1]}`;
    }),
    eksPublicAccessCidrs: list('eksPublicAccessCidrs', cidr, true),
    adminPrincipalArn: text(
      'adminPrincipalArn',
      (v) =>
        IAM_PRINCIPAL.test(v)
          ? undefined
          : 'expected an IAM user/role ARN or an STS assumed-role ARN',
      true,
    ),
    nodeInstanceType: text('nodeInstanceType', (v) =>
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(v)
        ? undefined
        : 'expected an instance type such as t3.medium',
    ),
    nodeDesiredSize: integer('nodeDesiredSize', 0, 100),
    nodeMinSize: integer('nodeMinSize', 0, 100),
    nodeMaxSize: integer('nodeMaxSize', 1, 100),
    nodeDiskGiB: integer('nodeDiskGiB', 20, 1000),
    albControllerVersion: text('albControllerVersion', (v) =>
      /^v\d+\.\d+\.\d+$/.test(v) ? undefined : 'expected a controller version such as v3.2.2',
    ),
    metricsServerChartVersion: text('metricsServerChartVersion', (v) =>
      /^\d+\.\d+\.\d+$/.test(v) ? undefined : 'expected a chart version such as 3.13.0',
    ),
    ecrRepositoryNames: list(
      'ecrRepositoryNames',
      (v) =>
        /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(v)
          ? undefined
          : 'is not a valid ECR name',
      false,
    ),
    ecrKeepImages: integer('ecrKeepImages', 1, 1000),
    githubOidcProviderArn: text(
      'githubOidcProviderArn',
      (v) =>
        OIDC_PROVIDER.test(v)
          ? undefined
          : 'expected arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com',
      true,
    ),
    // The branch ends up in a StringLike condition: no wildcard characters, nothing Git forbids.
    githubBranch: text('githubBranch', (v) =>
      /^[^\s*?[\]:~^\\]+$/.test(v) ? undefined : 'expected a branch name such as main',
    ),
    githubRoleName: text('githubRoleName', (v) =>
      /^[\w+=,.@-]{1,64}$/.test(v) ? undefined : 'is not a valid IAM role name',
    ),
    kubeadmAvailabilityZone: text('kubeadmAvailabilityZone', (v) =>
      v.startsWith(region) ? undefined : `is not a zone of ${region}`,
    ),
    kubeadmInstanceType: text('kubeadmInstanceType'),
    kubeadmVolumeGiB: integer('kubeadmVolumeGiB', 8, 1000),
    kubeadmKubernetesVersion: text('kubeadmKubernetesVersion', minor),
    keyPairName: text('keyPairName'),
    createKeyPair: flag('createKeyPair'),
    allowedCidr: text('allowedCidr', cidr, true),
  };

  if (config.nodeMinSize > config.nodeDesiredSize || config.nodeDesiredSize > config.nodeMaxSize) {
    problems.push(
      `node group sizes: need nodeMinSize <= nodeDesiredSize <= nodeMaxSize, got ${config.nodeMinSize} / ${config.nodeDesiredSize} / ${config.nodeMaxSize}`,
    );
  }
  if (config.availabilityZones.length < 2) {
    problems.push('availabilityZones: EKS needs subnets in at least two zones');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
