import { commitMessage, commitSubject, type TagChange } from '../src/commit-message.js';
import { pullRequestBranch } from '../src/pull-request.js';
import { imageUrl, summaryRows } from '../src/summary.js';

const changes: TagChange[] = [
  { app: 'api', repository: 'ghcr.io/o/r/api', oldTag: 'sha-aaaaaaa', newTag: 'sha-1a2b3c4' },
  {
    app: 'frontend',
    repository: '1234.dkr.ecr.ap-northeast-2.amazonaws.com/fe',
    oldTag: '1.0.0',
    newTag: '1.1.0',
  },
];

describe('commit message', () => {
  it('has a deploy(<env>) subject and one old → new line per app', () => {
    expect(commitSubject('dev', changes)).toBe('deploy(dev): api sha-1a2b3c4, frontend 1.1.0');
    expect(commitMessage('dev', changes, true)).toBe(
      'deploy(dev): api sha-1a2b3c4, frontend 1.1.0\n\n' +
        'api: sha-aaaaaaa → sha-1a2b3c4\nfrontend: 1.0.0 → 1.1.0\n\n[skip ci]\n',
    );
    expect(commitMessage('dev', changes, false)).not.toContain('[skip ci]');
  });
});

describe('job summary', () => {
  it('links GHCR images to their package page and shows others as text', () => {
    expect(imageUrl('ghcr.io/Student/gitops-lab/api')).toBe(
      'https://github.com/Student/gitops-lab/pkgs/container/gitops-lab%2Fapi',
    );
    expect(summaryRows('dev', changes)).toEqual([
      ['app', 'environment', 'tag', 'image'],
      [
        'api',
        'dev',
        '<code>sha-aaaaaaa</code> → <code>sha-1a2b3c4</code>',
        '<a href="https://github.com/o/r/pkgs/container/r%2Fapi">ghcr.io/o/r/api:sha-1a2b3c4</a>',
      ],
      [
        'frontend',
        'dev',
        '<code>1.0.0</code> → <code>1.1.0</code>',
        '1234.dkr.ecr.ap-northeast-2.amazonaws.com/fe:1.1.0',
      ],
    ]);
  });
});

describe('job summary of a digest', () => {
  it('references the image with @', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const [, row] = summaryRows('prod', [
      { app: 'api', repository: 'registry.example.com/api', oldTag: '1.0.0', newTag: digest },
    ]);
    expect(row?.[3]).toBe(`registry.example.com/api@${digest}`);
  });
});

describe('pull request branch', () => {
  it('is one branch per environment and app set', () => {
    expect(pullRequestBranch('prod', ['frontend', 'api'])).toBe('deploy/prod/api-frontend');
  });
});
