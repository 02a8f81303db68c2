// The action in pull-request mode: real git for the branch, a local stub for the GitHub REST API.
import { cloneRemote, createRemote, git, INITIAL_TAGS, remoteFile } from './support/git-repo.js';
import { type ApiStub, startApiStub } from './support/github-api-stub.js';
import { runAction } from './support/run-action.js';
import { digest, releaseTag } from './support/tags.js';

jest.setTimeout(60_000);

const TOKEN = 'ghs_test_token';
const PR_URL = 'https://github.com/student/gitops-lab/pull/7';
const PULLS = '/repos/student/gitops-lab/pulls';
const [API, FRONTEND] = [releaseTag('1a2b3c4'), releaseTag('2b3c4d5')];
const [API_DIGEST, FRONTEND_DIGEST] = [digest('a1'), digest('f1')];
const TITLE = `deploy(prod): api ${API}, frontend ${FRONTEND}`;
const BODY = [
  'Deploys to **prod**: once merged, Argo CD syncs `manifests/dist/prod`.',
  '',
  '| app | environment | from | to |',
  '| --- | --- | --- | --- |',
  `| api | prod | \`${INITIAL_TAGS.api}\` | \`${API}@${API_DIGEST}\` |`,
  `| frontend | prod | \`${INITIAL_TAGS.frontend}\` | \`${FRONTEND}@${FRONTEND_DIGEST}\` |`,
  '',
  'Opened by the bump-image-tag action.',
].join('\n');

let stub: ApiStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function promote(responses: Record<string, unknown>) {
  stub = await startApiStub(responses);
  const repo = createRemote();
  const clone = cloneRemote(repo, 'clone');
  // What promote.yml copies: images release.yml built and deployed to dev.
  const released = await runAction(clone, {
    environment: 'dev',
    images: `api=${API}@${API_DIGEST} frontend=${FRONTEND}@${FRONTEND_DIGEST}`,
    'synth-command': 'node scripts/render.mjs',
    'released-only': 'false',
  });
  expect(released.code).toBe(0);
  const mainBefore = git(repo.remote, 'rev-parse', 'main');
  const run = await runAction(
    clone,
    {
      environment: 'prod',
      images: `frontend=${FRONTEND}@${FRONTEND_DIGEST}\napi=${API}@${API_DIGEST}`,
      mode: 'pull-request',
      token: TOKEN,
      'synth-command': 'node scripts/render.mjs',
    },
    {
      GITHUB_REPOSITORY: 'student/gitops-lab',
      GITHUB_API_URL: stub.url,
      // Keep the machine's proxy settings away from the local stub.
      HTTP_PROXY: '',
      HTTPS_PROXY: '',
      http_proxy: '',
      https_proxy: '',
      NO_PROXY: '127.0.0.1',
    },
  );
  return { repo, run, mainBefore, requests: stub.requests };
}

const listCall = {
  method: 'GET',
  path: PULLS,
  query: { state: 'open', head: 'student:deploy/prod/api-frontend', base: 'main' },
  authorization: `token ${TOKEN}`,
  body: undefined,
};

describe('pull-request mode', () => {
  it('pushes a deploy branch and opens a pull request when none is open', async () => {
    const { repo, run, mainBefore, requests } = await promote({
      [`GET ${PULLS}`]: [],
      [`POST ${PULLS}`]: { number: 7, html_url: PR_URL },
    });

    expect(run.code).toBe(0);
    expect(requests).toEqual([
      listCall,
      {
        method: 'POST',
        path: PULLS,
        query: {},
        authorization: `token ${TOKEN}`,
        body: { head: 'deploy/prod/api-frontend', base: 'main', title: TITLE, body: BODY },
      },
    ]);
    expect(run.outputs).toEqual({
      changed: 'true',
      commit: git(repo.remote, 'rev-parse', 'deploy/prod/api-frontend').trim(),
      'pull-request-url': PR_URL,
    });
    // main is untouched; the branch holds the bump on top of it.
    expect(git(repo.remote, 'rev-parse', 'main')).toBe(mainBefore);
    expect(git(repo.remote, 'rev-parse', 'deploy/prod/api-frontend~1')).toBe(mainBefore);
    expect(remoteFile(repo, 'manifests/dist/prod/images.yaml', 'deploy/prod/api-frontend')).toBe(
      `api: ghcr.io/student/gitops-lab/api:${API}@${API_DIGEST}\n` +
        `frontend: ghcr.io/student/gitops-lab/frontend:${FRONTEND}@${FRONTEND_DIGEST}\n`,
    );
    expect(run.summary).toContain(`<a href="${PR_URL}">Pull request</a>`);
  });

  it('updates the open pull request from the same branch instead of opening another', async () => {
    const { run, requests } = await promote({
      [`GET ${PULLS}`]: [{ number: 7, html_url: PR_URL }],
      [`PATCH ${PULLS}/7`]: { number: 7, html_url: PR_URL },
    });

    expect(run.code).toBe(0);
    expect(requests).toEqual([
      listCall,
      {
        method: 'PATCH',
        path: `${PULLS}/7`,
        query: {},
        authorization: `token ${TOKEN}`,
        body: { title: TITLE, body: BODY },
      },
    ]);
    expect(run.outputs['pull-request-url']).toBe(PR_URL);
  });

  it('fails with the API error when GitHub refuses the pull request', async () => {
    const { run, requests } = await promote({ [`GET ${PULLS}`]: [] });

    expect(run.code).toBe(1);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${PULLS}`, `POST ${PULLS}`]);
    expect(run.stdout).toContain(`stub has no POST ${PULLS}`);
  });
});

describe('pull-request mode: promote carries only released images', () => {
  it('refuses a digest that differs from the one the release recorded, opening nothing', async () => {
    stub = await startApiStub({});
    const repo = createRemote();
    const clone = cloneRemote(repo, 'clone');
    const released = await runAction(clone, {
      environment: 'dev',
      images: `api=${API}@${API_DIGEST}`,
      'synth-command': 'node scripts/render.mjs',
      'released-only': 'false',
    });
    expect(released.code).toBe(0);

    const run = await runAction(
      clone,
      {
        environment: 'prod',
        images: `api=${API}@${digest('e0')}`,
        mode: 'pull-request',
        token: TOKEN,
        'synth-command': 'node scripts/render.mjs',
      },
      { GITHUB_REPOSITORY: 'student/gitops-lab', GITHUB_API_URL: stub.url },
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `images: api: ${API}@${digest('e0')} is not the digest its release recorded (${API_DIGEST})`,
    );
    expect(stub.requests).toEqual([]);
    expect(git(repo.remote, 'branch', '--list', 'deploy/*').trim()).toBe('');
  });
});
