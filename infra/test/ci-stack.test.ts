import { Match, Template } from 'aws-cdk-lib/assertions';
import { CiStack } from '../src/ci-stack';
import { labEnv } from '../src/lab-env';
import { conditionAllows } from './support/iam-conditions';
import { labApp } from './support/lab-app';

function synth(overrides: Record<string, unknown> = {}): Template {
  const { app, config } = labApp(overrides);
  return Template.fromStack(new CiStack(app, 'GitopsLabCi', { env: labEnv(config, {}), config }));
}

/** The trust policy statements of the role GitHub Actions assumes. */
function githubRoleTrust(stack: Template): unknown[] {
  const roles = Object.values(stack.findResources('AWS::IAM::Role')).filter(
    (role) => role.Properties.RoleName === 'gitops-lab-github-actions',
  );
  expect(roles).toHaveLength(1);
  return roles[0]?.Properties.AssumeRolePolicyDocument.Statement;
}

const template = synth();
const imported = synth({
  githubOidcProviderArn:
    'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
  githubRepo: 'student-42/gitops-lab',
});

describe('CiStack', () => {
  it('creates ECR repositories gitops-lab/api and gitops-lab/frontend, scanned on push', () => {
    template.resourceCountIs('AWS::ECR::Repository', 2);
    for (const name of ['gitops-lab/api', 'gitops-lab/frontend']) {
      template.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
    }
  });

  it('keeps only the last ecrKeepImages images in each repository', () => {
    const repositories = Object.values(template.findResources('AWS::ECR::Repository'));
    for (const repository of repositories) {
      const policy = JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText);
      expect(policy.rules).toEqual([
        expect.objectContaining({
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
          action: { type: 'expire' },
        }),
      ]);
    }
  });

  it('creates the GitHub OIDC provider for the sts.amazonaws.com audience', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it('trusts pushes to main of the configured repository in both sub formats, for the STS audience', () => {
    expect(githubRoleTrust(template)).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: expect.stringMatching(/^GithubOidcProvider/) } },
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: {
            'token.actions.githubusercontent.com:sub': [
              'repo:gitops-lab/gitops-lab:ref:refs/heads/main',
              'repo:gitops-lab@*/gitops-lab@*:ref:refs/heads/main',
            ],
          },
        },
      },
    ]);
  });

  it.each([
    ['the legacy subject of main', 'repo:gitops-lab/gitops-lab:ref:refs/heads/main', 'admitted'],
    [
      'the immutable subject of main',
      'repo:gitops-lab@42/gitops-lab@4242:ref:refs/heads/main',
      'admitted',
    ],
    ['another branch', 'repo:gitops-lab/gitops-lab:ref:refs/heads/feature', 'refused'],
    [
      'another branch, immutable',
      'repo:gitops-lab@42/gitops-lab@4242:ref:refs/heads/dev',
      'refused',
    ],
    ['a pull request', 'repo:gitops-lab/gitops-lab:pull_request', 'refused'],
    ['an environment', 'repo:gitops-lab@42/gitops-lab@4242:environment:prod', 'refused'],
    ['another owner', 'repo:someone@7/gitops-lab@4242:ref:refs/heads/main', 'refused'],
    [
      'an owner with a longer name',
      'repo:gitops-lab-x@7/gitops-lab@8:ref:refs/heads/main',
      'refused',
    ],
    [
      'a repository with a longer name',
      'repo:gitops-lab@42/gitops-lab2@8:ref:refs/heads/main',
      'refused',
    ],
  ])('without pinned IDs, a token for %s (%s) is %s', (_case, sub, verdict) => {
    const [statement] = githubRoleTrust(template) as { Condition: never }[];
    const claims = {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': sub,
    };
    expect(conditionAllows(statement?.Condition ?? {}, claims)).toBe(verdict === 'admitted');
  });

  it('refuses a token minted for another audience', () => {
    const [statement] = githubRoleTrust(template) as { Condition: never }[];
    const claims = {
      'token.actions.githubusercontent.com:aud': 'https://github.com/gitops-lab',
      'token.actions.githubusercontent.com:sub': 'repo:gitops-lab/gitops-lab:ref:refs/heads/main',
    };
    expect(conditionAllows(statement?.Condition ?? {}, claims)).toBe(false);
  });

  it('trusts only the immutable subject once githubOwnerId and githubRepoId are set', () => {
    const pinned = synth({
      githubRepo: 'Student-Org/My-GitOps-Lab',
      githubOwnerId: '123456',
      githubRepoId: '987654321',
      githubBranch: 'release',
    });
    expect(githubRoleTrust(pinned)).toEqual([
      expect.objectContaining({
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub':
              'repo:Student-Org@123456/My-GitOps-Lab@987654321:ref:refs/heads/release',
          },
        },
      }),
    ]);
    const [statement] = githubRoleTrust(pinned) as { Condition: never }[];
    const admits = (sub: string) =>
      conditionAllows(statement?.Condition ?? {}, {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': sub,
      });
    expect(admits('repo:Student-Org@123456/My-GitOps-Lab@987654321:ref:refs/heads/release')).toBe(
      true,
    );
    // Someone who takes over the names after a rename or deletion gets new IDs.
    expect(admits('repo:Student-Org@555/My-GitOps-Lab@666:ref:refs/heads/release')).toBe(false);
    expect(admits('repo:Student-Org/My-GitOps-Lab:ref:refs/heads/release')).toBe(false);
  });

  it('lets the role push to its two repositories only', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const push = statements.filter((s) => [s.Action].flat().includes('ecr:PutImage'));
    expect(push).toHaveLength(1);
    const resources = [push[0].Resource].flat();
    expect(resources).toHaveLength(2);
    for (const resource of resources) {
      expect(resource).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^Repositorygitopslab/), 'Arn'],
      });
    }
    const wildcard = statements.filter((s) => [s.Resource].flat().includes('*'));
    expect(wildcard).toEqual([
      expect.objectContaining({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
    ]);
  });

  it('imports an existing OIDC provider instead of creating a second one', () => {
    imported.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    imported.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: {
              Federated:
                'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
            },
            Condition: Match.objectLike({
              StringLike: {
                'token.actions.githubusercontent.com:sub': [
                  'repo:student-42/gitops-lab:ref:refs/heads/main',
                  'repo:student-42@*/gitops-lab@*:ref:refs/heads/main',
                ],
              },
            }),
          }),
        ],
      },
    });
  });

  it('outputs the role ARN the workflow assumes', () => {
    template.hasOutput('GithubActionsRoleArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GithubActionsRole'), 'Arn'] },
    });
  });
});
