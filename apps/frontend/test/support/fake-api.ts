// A stand-in api on 127.0.0.1 for the proxy tests: the test decides how it answers and can see
// every request and every TCP connection it received.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally } from '@gitops-lab/test-support';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Which TCP connection carried it (1 = first connection the server accepted). */
  connection: number;
}

export interface FakeApi {
  url: string;
  port: number;
  received: ReceivedRequest[];
  connections(): number;
  /** Connections that have been closed again (by either side). */
  closedConnections(): number;
  close(): Promise<void>;
}

export type FakeHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export async function startFakeApi(handler: FakeHandler): Promise<FakeApi> {
  const received: ReceivedRequest[] = [];
  let connections = 0;
  let closed = 0;
  const ids = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        connection: ids.get(req.socket) ?? 0,
      });
      handler(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    ids.set(socket, connections);
    socket.on('close', () => {
      closed += 1;
    });
  });
  return {
    ...(await listenLocally(server)),
    received,
    connections: () => connections,
    closedConnections: () => closed,
  };
}
