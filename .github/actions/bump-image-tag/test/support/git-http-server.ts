// A real git remote over HTTP, like github.com's: git's own smart-HTTP server (git http-backend)
// behind a Node HTTP server that demands one token, sent the way actions/checkout configures it
// (an `Authorization: basic base64(x-access-token:<token>)` header). Without it: 401.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { listenLocally } from '@gitops-lab/test-support';

export interface GitHttpServer {
  url: string;
  /** Every request, and whether it carried the token. */
  requests: { path: string; authorized: boolean }[];
  close: () => Promise<void>;
}

export async function startGitHttpServer(
  projectRoot: string,
  token: string,
): Promise<GitHttpServer> {
  const expected = `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  const requests: GitHttpServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://git');
    const authorized = req.headers.authorization?.toLowerCase() === expected.toLowerCase();
    requests.push({ path: `${url.pathname}${url.search}`, authorized });
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end('token required\n');
      return;
    }
    // The CGI interface git http-backend speaks (its documentation, "Apache 2.x").
    const backend = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'x-access-token', // enables receive-pack (push) for an authenticated user
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      },
    });
    req.pipe(backend.stdin);
    const chunks: Buffer[] = [];
    backend.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    backend.on('close', () => {
      const output = Buffer.concat(chunks);
      const end = output.indexOf('\r\n\r\n');
      const head = output.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head) {
        const [name = '', ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.end(output.subarray(end + 4));
    });
  });
  const { url, close } = await listenLocally(server);
  return { url, requests, close };
}
