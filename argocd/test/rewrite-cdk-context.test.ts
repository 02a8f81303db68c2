// The infra/cdk.json rewrite on its own: which context keys fork:configure touches, and which not.
import { rewriteCdkContext } from '../src/rewrite-json';

const fork = { owner: 'Student-Org', repo: 'my-lab', source: 'test' };

function cdkJson(context: Record<string, unknown>): string {
  return `${JSON.stringify({ app: 'x', context }, null, 2)}\n`;
}

function contextOf(text: string): Record<string, unknown> {
  return (JSON.parse(text) as { context: Record<string, unknown> }).context;
}

describe('rewriteCdkContext', () => {
  it('points repoUrl and githubRepo at the fork and leaves other keys alone', () => {
    const text = cdkJson({
      repoUrl: 'https://github.com/gitops-lab/gitops-lab.git',
      githubRepo: 'gitops-lab/gitops-lab',
      region: 'ap-northeast-2',
    });
    expect(contextOf(rewriteCdkContext(text, 'infra/cdk.json', fork))).toEqual({
      repoUrl: 'https://github.com/student-org/my-lab.git',
      githubRepo: 'Student-Org/my-lab',
      region: 'ap-northeast-2',
    });
  });

  it('clears GitHub IDs pinned for another repository, so the CI role is not locked to it', () => {
    const text = cdkJson({
      repoUrl: 'https://github.com/gitops-lab/gitops-lab.git',
      githubRepo: 'gitops-lab/gitops-lab',
      githubOwnerId: '123',
      githubRepoId: 456,
    });
    const context = contextOf(rewriteCdkContext(text, 'infra/cdk.json', fork));
    expect(context).toMatchObject({ githubOwnerId: '', githubRepoId: '' });
  });

  it('keeps the IDs when the repository does not change (a second run changes nothing)', () => {
    const text = cdkJson({
      repoUrl: 'https://github.com/student-org/my-lab.git',
      githubRepo: 'Student-Org/my-lab',
      githubOwnerId: '123',
      githubRepoId: '456',
    });
    expect(rewriteCdkContext(text, 'infra/cdk.json', fork)).toBe(text);
  });
});
