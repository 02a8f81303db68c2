import { commitMessage, commitSubject, type TagChange } from '../src/commit-message.js';
import { pullRequestBody, pullRequestBranch } from '../src/pull-request.js';
import { imageUrl, summaryRows } from '../src/summary.js';
import { digest, releaseTag } from './support/tags.js';

const OLD = releaseTag('a');
const NEW = releaseTag('1a2b3c4');

const changes: TagChange[] = [
  { environment: 'dev', app: 'api', repository: 'ghcr.io/o/r/api', oldTag: OLD, newTag: NEW },
  {
    environment: 'dev',
    app: 'frontend',
    repository: '1234.dkr.ecr.ap-northeast-2.amazonaws.com/fe',
    oldTag: '1.0.0',
    newTag: '1.1.0',
  },
];

describe('commit message', () => {
  it('has a deploy(<env>) subject and one old → new line per app', () => {
    expect(commitSubject(changes)).toBe(`deploy(dev): api ${NEW}, frontend 1.1.0`);
    expect(commitMessage(changes, true)).toBe(
      `deploy(dev): api ${NEW}, frontend 1.1.0\n\n` +
        `api (dev): ${OLD} → ${NEW}\nfrontend (dev): 1.0.0 → 1.1.0\n\n[skip ci]\n`,
    );
    expect(commitMessage(changes, false)).not.toContain('[skip ci]');
  });

  it('names every environment of a bump once, and the digests of pinned images', () => {
    const both: TagChange[] = ['dev', 'local'].map((environment) => ({
      environment,
      app: 'api',
      repository: 'ghcr.io/o/r/api',
      oldTag: OLD,
      newTag: NEW,
      newDigest: digest('d'),
    }));
    expect(commitMessage(both, false)).toBe(
      `deploy(dev, local): api ${NEW}\n\n` +
        `api (dev): ${OLD} → ${NEW}@${digest('d')}\napi (local): ${OLD} → ${NEW}@${digest('d')}\n`,
    );
  });
});

describe('job summary', () => {
  it('links GHCR images to their package page and shows others as text', () => {
    expect(imageUrl('ghcr.io/Student/gitops-lab/api')).toBe(
      'https://github.com/Student/gitops-lab/pkgs/container/gitops-lab%2Fapi',
    );
    expect(summaryRows(changes)).toEqual([
      ['app', 'environment', 'tag', 'image'],
      [
        'api',
        'dev',
        `<code>${OLD}</code> → <code>${NEW}</code>`,
        `<a href="https://github.com/o/r/pkgs/container/r%2Fapi">ghcr.io/o/r/api:${NEW}</a>`,
      ],
      [
        'frontend',
        'dev',
        '<code>1.0.0</code> → <code>1.1.0</code>',
        '1234.dkr.ecr.ap-northeast-2.amazonaws.com/fe:1.1.0',
      ],
    ]);
  });

  it('references a pinned image as repository:tag@digest', () => {
    const [, row] = summaryRows([
      {
        environment: 'prod',
        app: 'api',
        repository: 'registry.example.com/api',
        oldTag: '1.0.0',
        newTag: NEW,
        newDigest: digest('a'),
      },
    ]);
    expect(row?.[3]).toBe(`registry.example.com/api:${NEW}@${digest('a')}`);
  });
});

describe('pull request', () => {
  it('is one branch per environment set and app set', () => {
    expect(pullRequestBranch(['prod'], ['frontend', 'api'])).toBe('deploy/prod/api-frontend');
    expect(pullRequestBranch(['dev', 'local'], ['api'])).toBe('deploy/dev-local/api');
  });

  it('says which environments it deploys and what changes in each', () => {
    expect(pullRequestBody(['dev'], changes.slice(0, 1))).toBe(
      [
        'Deploys to **dev**: once merged, Argo CD syncs `manifests/dist/dev`.',
        '',
        '| app | environment | from | to |',
        '| --- | --- | --- | --- |',
        `| api | dev | \`${OLD}\` | \`${NEW}\` |`,
        '',
        'Opened by the bump-image-tag action.',
      ].join('\n'),
    );
  });
});
