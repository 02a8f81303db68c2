import { App } from 'aws-cdk-lib';
import { ConfigError, readLabConfig } from '../src/config';
import { toIamPrincipalArn } from '../src/principal-arn';
import { cdkJsonContext, labApp } from './support/lab-app';

function problemsFor(overrides: Record<string, unknown>): readonly string[] {
  try {
    labApp(overrides);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('readLabConfig', () => {
  it('reads the defaults in cdk.json: Seoul, two zones, the upstream fork identity', () => {
    const { config } = labApp();
    expect(config).toMatchObject({
      region: 'ap-northeast-2',
      availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
      repoUrl: 'https://github.com/gitops-lab/gitops-lab.git',
      githubRepo: 'gitops-lab/gitops-lab',
      kubernetesVersion: '1.35',
      nodeInstanceType: 't3.medium',
      nodeDesiredSize: 2,
      nodeMinSize: 1,
      nodeMaxSize: 3,
      nodeMaxPods: 50,
      ecrRepositoryNames: ['gitops-lab/api', 'gitops-lab/frontend'],
      allowedCidr: '',
    });
  });

  it('accepts -c values, which arrive as strings', () => {
    const { config } = labApp({
      nodeDesiredSize: '3',
      nodeMaxSize: '4',
      createKeyPair: 'false',
      availabilityZones: 'ap-northeast-2a,ap-northeast-2b',
      eksPublicAccessCidrs: '["198.51.100.0/24"]',
      allowedCidr: '203.0.113.7/32',
    });
    expect(config.nodeDesiredSize).toBe(3);
    expect(config.nodeMaxSize).toBe(4);
    expect(config.createKeyPair).toBe(false);
    expect(config.availabilityZones).toEqual(['ap-northeast-2a', 'ap-northeast-2b']);
    expect(config.eksPublicAccessCidrs).toEqual(['198.51.100.0/24']);
    expect(config.allowedCidr).toBe('203.0.113.7/32');
  });

  it('names every bad key at once', () => {
    const problems = problemsFor({
      allowedCidr: '203.0.113.7',
      repoUrl: 'git@github.com:me/repo.git',
      nodeMinSize: 'two',
      availabilityZones: ['us-east-1a', 'ap-northeast-2c'],
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/allowedCidr/);
    expect(problems.join('\n')).toMatch(/repoUrl/);
    expect(problems.join('\n')).toMatch(/nodeMinSize/);
    expect(problems.join('\n')).toMatch(
      /availabilityZones: "us-east-1a" is not a zone of ap-northeast-2/,
    );
  });

  it('checks zones against the region, and a bad region only once', () => {
    expect(problemsFor({ availabilityZones: 'ap-northeast-2a' })).toEqual([
      'availabilityZones: EKS needs subnets in at least two zones',
    ]);
    expect(problemsFor({ kubeadmAvailabilityZone: 'us-east-1a' })).toEqual([
      'kubeadmAvailabilityZone: is not a zone of ap-northeast-2',
    ]);
    expect(problemsFor({ region: 'seoul' })).toEqual(['region: is not an AWS region']);
  });

  it('rejects node group sizes out of order', () => {
    expect(problemsFor({ nodeMinSize: 3, nodeDesiredSize: 2, nodeMaxSize: 3 })).toEqual([
      'node group sizes: need nodeMinSize <= nodeDesiredSize <= nodeMaxSize, got 3 / 2 / 3',
    ]);
  });

  it('refuses a Kubernetes version the bundled kubectl layer cannot drive', () => {
    expect(problemsFor({ kubernetesVersion: '1.36' })).toEqual([]);
    expect(problemsFor({ kubernetesVersion: '1.33' })[0]).toMatch(
      /kubectl layer is v1\.35.*lambda-layer-kubectl-v33/,
    );
  });

  it('leaves the GitHub IDs unpinned by default and reads them as digit strings', () => {
    expect(labApp().config).toMatchObject({ githubOwnerId: '', githubRepoId: '' });
    const { config } = labApp({ githubOwnerId: ' 123456 ', githubRepoId: 987654321 });
    expect(config.githubOwnerId).toBe('123456');
    expect(config.githubRepoId).toBe('987654321');
  });

  it.each([
    ['a name', 'student-42'],
    ['a negative number', '-5'],
    ['zero', '0'],
    ['a fraction', 1.5],
    ['too many digits', '12345678901234567'],
    ['a boolean', true],
  ])('rejects %s as a GitHub ID', (_case, value) => {
    expect(problemsFor({ githubOwnerId: value, githubRepoId: '987654321' })).toEqual([
      `githubOwnerId: expected GitHub's numeric ID (gh api repos/<owner>/<repo> --jq '.owner.id, .id') or "", got ${JSON.stringify(value)}`,
    ]);
  });

  it('wants both GitHub IDs or neither', () => {
    const problem =
      'githubOwnerId, githubRepoId: set both (the CI role then trusts only the immutable subject) or neither';
    expect(problemsFor({ githubOwnerId: '123456' })).toEqual([problem]);
    expect(problemsFor({ githubRepoId: '987654321' })).toEqual([problem]);
  });

  it.each(['feat*', 'a b', 'x:y', 'rel?'])('rejects the branch name %j', (branch) => {
    expect(problemsFor({ githubBranch: branch })).toEqual([
      'githubBranch: expected a branch name such as main',
    ]);
  });

  it('reports a missing key instead of inventing a default', () => {
    const context = cdkJsonContext();
    delete context.region;
    expect(() => readLabConfig(new App({ context }).node)).toThrow(
      /region: expected a non-empty string/,
    );
  });
});

describe('a CIDR in the context (allowedCidr, eksPublicAccessCidrs)', () => {
  it.each([
    ['203.0.113.7/32', true],
    ['10.0.0.0/16', true],
    ['0.0.0.0/0', true],
    ['256.0.0.0/8', false],
    ['10.0.0.0/33', false],
    ['10.0.0.0', false],
  ])('%s -> %s', (value, expected) => {
    expect(problemsFor({ allowedCidr: value })).toEqual(
      expected ? [] : ['allowedCidr: is not an IPv4 CIDR such as 203.0.113.7/32'],
    );
    expect(problemsFor({ eksPublicAccessCidrs: [value] })).toEqual(
      expected
        ? []
        : [
            `eksPublicAccessCidrs: ${JSON.stringify(value)} is not an IPv4 CIDR such as 203.0.113.7/32`,
          ],
    );
  });
});

describe('toIamPrincipalArn', () => {
  it('maps an assumed-role session ARN to its role ARN', () => {
    expect(
      toIamPrincipalArn('arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com'),
    ).toBe('arn:aws:iam::123456789012:role/Admin');
  });

  it('keeps IAM user and role ARNs as they are', () => {
    expect(toIamPrincipalArn('arn:aws:iam::123456789012:user/alice')).toBe(
      'arn:aws:iam::123456789012:user/alice',
    );
    expect(toIamPrincipalArn('arn:aws:iam::123456789012:role/ops/Admin')).toBe(
      'arn:aws:iam::123456789012:role/ops/Admin',
    );
  });
});
