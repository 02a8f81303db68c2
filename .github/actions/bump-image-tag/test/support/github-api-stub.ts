// A local stand-in for the GitHub REST API: records every request and answers from a table of
// canned responses keyed by "METHOD /path".
import { createServer, type Server } from 'node:http';
import { listenLocally } from '@gitops-lab/test-support';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string;
  body: unknown;
}

export interface ApiStub {
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

export async function startApiStub(responses: Record<string, unknown>): Promise<ApiStub> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const method = req.method ?? 'GET';
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: req.headers.authorization ?? '',
        body: raw ? JSON.parse(raw) : undefined,
      });
      const key = `${method} ${url.pathname}`;
      const status = key in responses ? (method === 'POST' ? 201 : 200) : 404;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(responses[key] ?? { message: `stub has no ${key}` }));
    });
  });
  const { url, close } = await listenLocally(server);
  return { url, requests, close };
}
