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
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_HOST}:sub`]: `repo:${config.githubRepo}:ref:refs/heads/${config.githubBranch}`,
        },
      }),
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
