// ECR repositories for the two images and the role GitHub Actions assumes with OIDC (no
// long-lived AWS keys in GitHub): only pushes from the fork's main branch can assume it,
// and it can push to these repositories only.
import {
  CfnOutput,
  Duration,
  aws_ecr as ecr,
  aws_iam as iam,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LabConfig } from './config';

export interface CiStackProps extends StackProps {
  readonly config: LabConfig;
}

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/**
 * Which GitHub OIDC tokens may assume the CI role. GitHub's default `sub` claim is
 * `repo:<owner>/<repo>:ref:refs/heads/<branch>` for older repositories, and
 * `repo:<owner>@<owner id>/<repo>@<repo id>:ref:...` (immutable subject claims) for
 * repositories created or renamed since 2026-07-15, or opted in.
 *
 * With both IDs configured only the immutable subject matches: a repository that later takes
 * over the fork's name (after a rename or deletion) has other IDs and is refused. Without
 * them, both formats of the current names match. In the wildcard form `*` can only stand for
 * an ID: GitHub names contain neither `@` nor `/`, and Git branch names contain no `:`.
 */
export function githubTrustConditions(config: LabConfig): iam.Conditions {
  const [owner, repo] = config.githubRepo.split('/');
  const ref = `ref:refs/heads/${config.githubBranch}`;
  const audience = { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' };
  if (config.githubOwnerId !== '' && config.githubRepoId !== '') {
    return {
      StringEquals: {
        ...audience,
        [`${GITHUB_OIDC_HOST}:sub`]: `repo:${owner}@${config.githubOwnerId}/${repo}@${config.githubRepoId}:${ref}`,
      },
    };
  }
  // Separate operators are ANDed; the values listed for one key are ORed.
  return {
    StringEquals: audience,
    StringLike: {
      [`${GITHUB_OIDC_HOST}:sub`]: [
        `repo:${owner}/${repo}:${ref}`,
        `repo:${owner}@*/${repo}@*:${ref}`,
      ],
    },
  };
}

export class CiStack extends Stack {
  constructor(scope: Construct, id: string, props: CiStackProps) {
    super(scope, id, props);
    const { config } = props;

    const repositories = config.ecrRepositoryNames.map(
      (name) =>
        new ecr.Repository(this, `Repository-${name.replaceAll('/', '-')}`, {
          repositoryName: name,
          imageScanOnPush: true,
          // CI pushes sha-<7 hex> tags: a tag never moves once pushed.
          imageTagMutability: ecr.TagMutability.IMMUTABLE,
          lifecycleRules: [
            {
              description: `keep the last ${config.ecrKeepImages} images`,
              maxImageCount: config.ecrKeepImages,
            },
          ],
          // A lab account: `cdk destroy` removes the repositories and their images.
          removalPolicy: RemovalPolicy.DESTROY,
          emptyOnDelete: true,
        }),
    );

    // One GitHub OIDC provider may exist per account: import it when it is already there.
    const provider =
      config.githubOidcProviderArn !== ''
        ? iam.OidcProviderNative.fromOidcProviderArn(
            this,
            'GithubOidcProvider',
            config.githubOidcProviderArn,
          )
        : new iam.OidcProviderNative(this, 'GithubOidcProvider', {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIds: ['sts.amazonaws.com'],
          });

    const role = new iam.Role(this, 'GithubActionsRole', {
      roleName: config.githubRoleName,
      description: `GitHub Actions in ${config.githubRepo} (${config.githubBranch}) pushing images to ECR`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(
        provider.oidcProviderArn,
        githubTrustConditions(config),
      ),
    });
    // GetAuthorizationToken has no resource-level permissions; the pushes themselves are
    // limited to the repositories above.
    ecr.AuthorizationToken.grantRead(role);
    for (const repository of repositories) repository.grantPullPush(role);

    new CfnOutput(this, 'GithubActionsRoleArn', {
      description: 'role-to-assume for aws-actions/configure-aws-credentials',
      value: role.roleArn,
    });
    repositories.forEach((repository, index) => {
      new CfnOutput(this, `RepositoryUri${index}`, {
        description: `ECR repository ${config.ecrRepositoryNames[index]}`,
        value: repository.repositoryUri,
      });
    });
  }
}
