import { Match, Template } from 'aws-cdk-lib/assertions';
import { CiStack } from '../src/ci-stack';
import { labEnv } from '../src/lab-env';
import { labApp } from './support/lab-app';

function synth(overrides: Record<string, unknown> = {}): Template {
  const { app, config } = labApp(overrides);
  return Template.fromStack(new CiStack(app, 'GitopsLabCi', { env: labEnv(config, {}), config }));
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

  it('trusts only pushes to main of the configured repository, for the STS audience', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    const role = roles.find((r) => r.Properties.RoleName === 'gitops-lab-github-actions');
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: expect.stringMatching(/^GithubOidcProvider/) } },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub':
              'repo:gitops-lab/gitops-lab:ref:refs/heads/main',
          },
        },
      },
    ]);
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
            Condition: {
              StringEquals: Match.objectLike({
                'token.actions.githubusercontent.com:sub':
                  'repo:student-42/gitops-lab:ref:refs/heads/main',
              }),
            },
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
