import { join } from 'node:path';
import { allDocPages, REPO_ROOT, readPage } from './support/doc-pages';
import { fixtureRepo } from './support/fixture-repo';
import { brokenLinks } from './support/link-check';

describe('the link checker', () => {
  const fixture = fixtureRepo({
    'docs/en/labs/week-1.md': [
      '# Week 1',
      '## Build the images',
      '[ok](../api.md#probes) [ok](#build-the-images) [ok](/apps/api) [web](https://example.com)',
      '[gone](../missing.md) [bad anchor](../api.md#no-such) [bad local](#nope)',
      '<img src="../../images/none.png">',
    ].join('\n'),
    'docs/en/api.md': '# API\n## Probes\n',
    'apps/api/package.json': '{}',
  });
  afterAll(() => fixture.remove());

  test('reports missing targets and missing anchors with file:line, and nothing else', () => {
    const page = readPage(join(fixture.root, 'docs/en/labs/week-1.md'), fixture.root);
    expect(brokenLinks([page], fixture.root)).toEqual([
      'docs/en/labs/week-1.md:4: link target `../missing.md` does not exist',
      'docs/en/labs/week-1.md:4: `../api.md#no-such` has no heading with the anchor #no-such',
      'docs/en/labs/week-1.md:4: `#nope` has no heading with the anchor #nope',
      'docs/en/labs/week-1.md:5: link target `../../images/none.png` does not exist',
    ]);
  });
});

test('every relative link in README.md and docs/ points at a file, folder or heading that exists', () => {
  expect(brokenLinks(allDocPages(), REPO_ROOT)).toEqual([]);
});
