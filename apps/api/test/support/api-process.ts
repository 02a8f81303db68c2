// Runs the built server (dist/main.js) as a child process, the way the container runs it.
import { join } from 'node:path';
import { freePort, type NodeProcess, startNodeProcess } from '@gitops-lab/test-support';

export const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export const PROCESS_INSTRUCTOR_KEY = 'process-instructor-key-9876543210';
/** Env that turns the fault endpoints on behind PROCESS_INSTRUCTOR_KEY. */
export const FAULTS_ON = { FAULT_INJECTION: 'on', INSTRUCTOR_KEY: PROCESS_INSTRUCTOR_KEY };

export interface ApiProcess extends NodeProcess {
  port: number;
  url: string;
}

/** The api on a free port with in-memory storage and JSON logs; `env` adds or overrides. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const api = startNodeProcess(MAIN, {
    PORT: String(port),
    DATA_DIR: 'memory://',
    LOG_FORMAT: 'json',
    ...env,
  });
  return { ...api, port, url: `http://127.0.0.1:${port}` };
}
