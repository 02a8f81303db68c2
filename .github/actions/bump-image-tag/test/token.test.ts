// The checkout keeps no credentials (persist-credentials: false): the action must hand its token
// to git push and fetch itself, to those commands only, for that server only. Proven against a real
// smart-HTTP git remote that refuses any request without the token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GitHttpServer, startGitHttpServer } from './support/git-http-server.js';
import { cloneRemote, createRemote, git, INITIAL_TAGS, remoteFile } from './support/git-repo.js';
import { runAction } from './support/run-action.js';
import { releaseTag } from './support/tags.js';

jest.setTimeout(60_000);

const TOKEN = 'ghs_push_only_token';
const NEW = releaseTag('7e57');

let server: GitHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp() {
  const repo = createRemote();
  const clone = cloneRemote(repo, 'clone');
  server = await startGitHttpServer(repo.root, TOKEN);
  // The clone's origin is now the HTTP remote, and nothing in .git/config can authenticate.
  git(clone, 'remote', 'set-url', 'origin', `${server.url}/remote.git`);
  return { repo, clone, server };
}

function release(clone: string, token: string, serverUrl: string) {
  return runAction(
    clone,
    {
      environment: 'dev',
      images: `api=${NEW}`,
      'synth-command': 'node scripts/render.mjs',
      'released-only': 'false',
      token,
    },
    // Where the runner says GitHub is: the header is configured for this server only.
    { GITHUB_SERVER_URL: serverUrl, NO_PROXY: '127.0.0.1', HTTP_PROXY: '', http_proxy: '' },
  );
}

describe('the token reaches git push and nothing else', () => {
  it('pushes to a remote that demands the token, which never lands in .git/config', async () => {
    const { repo, clone, server } = await setUp();

    const run = await release(clone, TOKEN, server.url);

    expect(run.code).toBe(0);
    expect(JSON.parse(remoteFile(repo, 'manifests/config/dev.json')).apps.api.image.tag).toBe(NEW);
    expect(server.requests.some((r) => r.path.endsWith('/git-receive-pack'))).toBe(true);
    expect(server.requests.every((r) => r.authorized)).toBe(true);
    expect(readFileSync(join(clone, '.git', 'config'), 'utf8')).not.toContain(
      Buffer.from(`x-access-token:${TOKEN}`).toString('base64'),
    );
  });

  it('cannot push with a wrong token, or with the header meant for another server', async () => {
    const { repo, clone, server } = await setUp();

    const wrong = await release(clone, 'ghs_wrong', server.url);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('git push to main failed');

    git(clone, 'reset', '--quiet', '--hard', 'origin/main');
    const elsewhere = await release(clone, TOKEN, 'https://github.com');
    expect(elsewhere.code).toBe(1);
    expect(server.requests.filter((r) => r.authorized)).toEqual([]);
    expect(JSON.parse(remoteFile(repo, 'manifests/config/dev.json')).apps.api.image.tag).toBe(
      INITIAL_TAGS.api,
    );
  });
});
