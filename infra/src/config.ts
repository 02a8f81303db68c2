// Every choice a student may want to change is a CDK context value (infra/cdk.json, or
// `-c key=value` on the command line), validated here with one zod schema so the stacks hold no
// hard-coded choices. Values given with `-c` arrive as strings, so numbers, booleans and lists
// are accepted in their string form too. Every bad key is reported at once, by name.
import type { Node } from 'constructs';
import { z } from 'zod';

/** The kubectl/helm layer bundled with this app is v1.35; kubectl supports one minor either side. */
export const KUBECTL_LAYER_MINOR = 35;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid CDK context (infra/cdk.json or -c key=value):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** A trimmed non-empty string that satisfies `rule`, whose message names what was expected. */
function text(rule?: { test: (value: string) => boolean; message: string }) {
  const schema = z
    .string({ error: (issue) => `expected a non-empty string, ${got(issue.input)}` })
    .trim()
    .min(1, { error: (issue) => `expected a non-empty string, ${got(issue.input)}` });
  return rule ? schema.refine(rule.test, rule.message) : schema;
}

/** Like `text`, but "" is allowed and means "not set". */
function optionalText(rule: { test: (value: string) => boolean; message: string }) {
  return z
    .string({ error: (issue) => `expected a string, ${got(issue.input)}` })
    .trim()
    .refine((value) => value === '' || rule.test(value), rule.message);
}

function integer(min: number, max: number) {
  const message = (issue: { input?: unknown }) =>
    `expected an integer from ${min} to ${max}, ${got(issue.input)}`;
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: message })
      .int({ error: message })
      .min(min, { error: message })
      .max(max, { error: message }),
  );
}

const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: (issue) => `expected true or false, ${got(issue.input)}` }),
);

/** A list from cdk.json, or from `-c` as JSON (`["a","b"]`) or comma-separated (`a,b`). */
function list(item: z.ZodType<string>, { allowEmpty }: { allowEmpty: boolean }) {
  const schema = z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      if (value.trim().startsWith('[')) {
        try {
          return JSON.parse(value);
        } catch {
          return value;
        }
      }
      return value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    },
    z.array(item, { error: (issue) => `expected a list of strings, ${got(issue.input)}` }),
  );
  return allowEmpty ? schema : schema.refine((value) => value.length > 0, 'must not be empty');
}

/** A list item whose message quotes the bad item, e.g. `"10.0.0.0" is not an IPv4 CIDR`. */
function listItem(test: (value: string) => boolean, problem: string) {
  return z
    .string({ error: (issue) => `expected a list of strings, ${got(issue.input)}` })
    .refine(test, { error: (issue) => `${JSON.stringify(issue.input)} ${problem}` });
}

const isCidr = (value: string) => z.cidrv4().safeParse(value).success;
const CIDR_PROBLEM = 'is not an IPv4 CIDR such as 203.0.113.7/32';
const MINOR_VERSION = /^1\.(\d{2})$/;

// A GitHub owner or repository ID: digits as a string (`-c` and `gh api` give strings), or a
// JSON number typed into cdk.json; "" when not pinned.
const githubIdProblem = (issue: { input?: unknown }) =>
  `expected GitHub's numeric ID (gh api repos/<owner>/<repo> --jq '.owner.id, .id') or "", ${got(issue.input)}`;
const githubId = z.preprocess(
  (value) => (Number.isSafeInteger(value) ? String(value) : value),
  z
    .string({ error: githubIdProblem })
    .trim()
    .regex(/^(|[1-9]\d{0,15})$/, { error: githubIdProblem }),
);

const contextSchema = z
  .object({
    /** The fork's Git URL, the bootstrap Application's repoURL (`fork:configure` rewrites it). */
    repoUrl: text({
      test: (v) => /^https:\/\/\S+\.git$/.test(v),
      message: 'expected https://github.com/<owner>/<repo>.git',
    }),
    /** `<owner>/<repo>` of the fork: the GitHub OIDC trust is limited to it. */
    githubRepo: text({
      test: (v) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(v),
      message: 'expected <owner>/<repo>',
    }),
    /**
     * GitHub's numeric IDs of the fork's owner and of the fork, both set or both empty. Set: the
     * CI role trusts only the immutable `sub` claim that carries them. Empty: it trusts the
     * fork's current names, in either `sub` format.
     */
    githubOwnerId: githubId,
    githubRepoId: githubId,
    region: text({
      test: (v) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(v),
      message: 'is not an AWS region',
    }),
    /** Zones of `region`, checked against it below; the VPC spreads over them. */
    availabilityZones: list(z.string(), { allowEmpty: false }),
    natGateways: integer(1, 3),
    clusterName: text({
      test: (v) => /^[A-Za-z][A-Za-z0-9-]{0,99}$/.test(v),
      message: 'letters, digits and dashes only',
    }),
    kubernetesVersion: text().superRefine((value, ctx) => {
      const match = MINOR_VERSION.exec(value);
      if (!match) {
        ctx.addIssue('expected a minor version such as 1.35');
      } else if (Math.abs(Number(match[1]) - KUBECTL_LAYER_MINOR) > 1) {
        ctx.addIssue(
          `the bundled kubectl layer is v1.${KUBECTL_LAYER_MINOR}: use 1.${KUBECTL_LAYER_MINOR - 1}-1.${KUBECTL_LAYER_MINOR + 1} or install @aws-cdk/lambda-layer-kubectl-v${match[1]}`,
        );
      }
    }),
    /** Empty: the EKS API endpoint is public (IAM still authenticates every call); synth warns. */
    eksPublicAccessCidrs: list(listItem(isCidr, CIDR_PROBLEM), { allowEmpty: true }),
    /** Empty: only the CloudFormation execution role (the cluster creator) is admin. */
    adminPrincipalArn: optionalText({
      test: (v) => /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(user|role|assumed-role)\/.+$/.test(v),
      message: 'expected an IAM user/role ARN or an STS assumed-role ARN',
    }),
    nodeInstanceType: text({
      test: (v) => /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(v),
      message: 'expected an instance type such as t3.medium',
    }),
    nodeDesiredSize: integer(0, 100),
    nodeMinSize: integer(0, 100),
    nodeMaxSize: integer(1, 100),
    nodeDiskGiB: integer(20, 1000),
    /** The kubelet's pod limit per node; with prefix delegation IP addresses no longer cap it. */
    nodeMaxPods: integer(8, 110),
    albControllerVersion: text({
      test: (v) => /^v\d+\.\d+\.\d+$/.test(v),
      message: 'expected a controller version such as v3.2.2',
    }),
    metricsServerChartVersion: text({
      test: (v) => /^\d+\.\d+\.\d+$/.test(v),
      message: 'expected a chart version such as 3.13.0',
    }),
    ecrRepositoryNames: list(
      listItem(
        (v) => /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(v),
        'is not a valid ECR name',
      ),
      { allowEmpty: false },
    ),
    ecrKeepImages: integer(1, 1000),
    /** Empty: the stack creates the GitHub OIDC provider; an ARN imports the existing one. */
    githubOidcProviderArn: optionalText({
      test: (v) =>
        /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(
          v,
        ),
      message: 'expected arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com',
    }),
    // The branch ends up in a StringLike condition: no wildcard characters, nothing Git forbids.
    githubBranch: text({
      test: (v) => /^[^\s*?[\]:~^\\]+$/.test(v),
      message: 'expected a branch name such as main',
    }),
    githubRoleName: text({
      test: (v) => /^[\w+=,.@-]{1,64}$/.test(v),
      message: 'is not a valid IAM role name',
    }),
    kubeadmAvailabilityZone: text(),
    kubeadmInstanceType: text(),
    kubeadmVolumeGiB: integer(8, 1000),
    kubeadmKubernetesVersion: text({
      test: (v) => MINOR_VERSION.test(v),
      message: 'expected a minor version such as 1.35',
    }),
    keyPairName: text(),
    createKeyPair: flag,
    /** Empty: SSH, the API server and NodePorts are closed to the outside. */
    allowedCidr: optionalText({ test: isCidr, message: CIDR_PROBLEM }),
  })
  // The rules across keys run only when the keys they read are valid themselves, so one bad
  // value is reported once, under its own name.
  .superRefine(
    (config, ctx) => {
      for (const zone of config.availabilityZones) {
        if (!(zone.startsWith(config.region) && /[a-z]$/.test(zone))) {
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(zone)} is not a zone of ${config.region}`,
            path: ['availabilityZones'],
          });
        }
      }
      if (config.availabilityZones.length === 1) {
        ctx.addIssue({
          code: 'custom',
          message: 'EKS needs subnets in at least two zones',
          path: ['availabilityZones'],
        });
      }
      if (!config.kubeadmAvailabilityZone.startsWith(config.region)) {
        ctx.addIssue({
          code: 'custom',
          message: `is not a zone of ${config.region}`,
          path: ['kubeadmAvailabilityZone'],
        });
      }
    },
    { when: validAt('region', 'availabilityZones', 'kubeadmAvailabilityZone') },
  )
  .superRefine(
    (config, ctx) => {
      if (
        config.nodeMinSize > config.nodeDesiredSize ||
        config.nodeDesiredSize > config.nodeMaxSize
      ) {
        ctx.addIssue(
          `node group sizes: need nodeMinSize <= nodeDesiredSize <= nodeMaxSize, got ${config.nodeMinSize} / ${config.nodeDesiredSize} / ${config.nodeMaxSize}`,
        );
      }
    },
    { when: validAt('nodeMinSize', 'nodeDesiredSize', 'nodeMaxSize') },
  )
  .superRefine(
    (config, ctx) => {
      if ((config.githubOwnerId === '') !== (config.githubRepoId === '')) {
        ctx.addIssue(
          'githubOwnerId, githubRepoId: set both (the CI role then trusts only the immutable subject) or neither',
        );
      }
    },
    { when: validAt('githubOwnerId', 'githubRepoId') },
  );

/** A `when` for a rule across keys: true when none of `keys` has an issue of its own. */
function validAt(...keys: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((issue) => keys.includes(String(issue.path?.[0])));
}

export type LabConfig = z.infer<typeof contextSchema>;

/** Reads the whole configuration, reporting every bad key at once. */
export function readLabConfig(node: Node): LabConfig {
  const context = Object.fromEntries(
    Object.keys(contextSchema.shape).map((key) => [key, node.tryGetContext(key)]),
  );
  const result = contextSchema.safeParse(context);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) =>
        issue.path.length > 0 ? `${String(issue.path[0])}: ${issue.message}` : issue.message,
      ),
    );
  }
  return result.data;
}
