import { join } from 'node:path';
import { allDocPages, REPO_ROOT, readPage } from './support/doc-pages';
import { fixtureRepo } from './support/fixture-repo';
import { missingRepoPaths } from './support/repo-path-check';

describe('the repository path checker', () => {
  const fixture = fixtureRepo({
    '.gitignore': 'dist/\n',
    'docs/en/page.md': [
      '# Page',
      'Edit `manifests/config/dev.json`, then `manifests/config/<env>.json` and `apps/*/Dockerfile`.',
      'The build writes `apps/api/dist/main.js`; `src/main.ts` and `ghcr.io/o/r/api` are not repo paths.',
      'Wrong: `manifests/config/staging.json`, `apps/<app>/Containerfile`.',
      '```bash cluster',
      'kubectl apply -f argocd/bootstrap/root.yaml # argocd/in/a/comment.yaml is ignored',
      'kubectl apply -k manifests/dist/dev',
      '```',
      '```bash',
      'ls manifests/created-by-an-earlier-block',
      '```',
    ].join('\n'),
    'manifests/config/dev.json': '{}',
    'manifests/dist/dev/kustomization.yaml': '',
    'apps/api/Dockerfile': '',
    'argocd/README.md': '',
  });
  afterAll(() => fixture.remove());

  test('reports paths that are neither in the tree, a pattern match nor a git-ignored build output', () => {
    const page = readPage(join(fixture.root, 'docs/en/page.md'), fixture.root);
    expect(missingRepoPaths([page], fixture.root)).toEqual([
      'docs/en/page.md:4: `manifests/config/staging.json` is not in the repository',
      'docs/en/page.md:4: `apps/<app>/Containerfile` is not in the repository',
      'docs/en/page.md:6: `argocd/bootstrap/root.yaml` is not in the repository',
    ]);
  });
});

test('every repository path named in README.md and docs/ exists', () => {
  expect(missingRepoPaths(allDocPages(), REPO_ROOT)).toEqual([]);
});
