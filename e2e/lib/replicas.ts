import { freePort } from '@gitops-lab/test-support';
import type { DockerEngine } from './docker-engine';
import { type AppName, type ExitReport, startService } from './processes';

/** One running copy of a service, however it runs (process or container). */
export interface Replica {
  name: string;
  port: number;
  /** Sends SIGTERM and resolves when it has exited. */
  stop(): Promise<ExitReport>;
  /** What it printed (for failure diagnostics). */
  logs(): Promise<string>;
}

export interface ReplicaLauncher {
  app: AppName;
  kind: 'processes' | 'containers';
  start(name: string, env: Record<string, string>): Promise<Replica>;
  /** Removes anything left behind (containers); safe to call twice. */
  cleanup(): Promise<void>;
}

/** Replicas as child processes running the built server (`node apps/<app>/dist/main.js`). */
export function processLauncher(app: AppName): ReplicaLauncher {
  return {
    app,
    kind: 'processes',
    async start(name, env) {
      const service = await startService({ app, name, env });
      return {
        name,
        port: service.port,
        stop: () => service.stop('SIGTERM'),
        logs: async () => service.output(),
      };
    },
    async cleanup() {},
  };
}

/**
 * The `docker run` hardening the manifests' securityContext applies to the pod: read-only root with a
 * tmpfs /tmp, no capabilities, no privilege escalation, a memory and PID limit. The user comes from
 * the image (its numeric USER) unless the caller adds `--user`.
 */
export function hardenedRunArgs(memory = '256m'): string[] {
  return [
    '--read-only',
    '--tmpfs',
    '/tmp:rw,nosuid,nodev,size=64m',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    memory,
    '--pids-limit',
    '256',
  ];
}

/**
 * Replicas as hardened containers of `image` on the host network (the harness's dockerd has no
 * bridge), each on its own port. No `--init`: Node is PID 1 and must handle SIGTERM itself.
 */
export function containerLauncher(
  engine: DockerEngine,
  app: AppName,
  image: string,
  graceS = 30,
): ReplicaLauncher {
  const started = new Set<string>();
  const containerName = (name: string) => `e2e-${name}`;
  return {
    app,
    kind: 'containers',
    async start(name, env) {
      const port = await freePort();
      const envArgs = Object.entries({ ...env, PORT: String(port) }).flatMap(([k, v]) => [
        '-e',
        `${k}=${v}`,
      ]);
      const cname = containerName(name);
      await engine.docker(['rm', '-f', cname], { allowFailure: true });
      await engine.docker([
        'run',
        '-d',
        '--name',
        cname,
        '--network',
        'host',
        '--user',
        '10001:10001',
        ...hardenedRunArgs(),
        ...envArgs,
        image,
      ]);
      started.add(cname);
      return {
        name,
        port,
        async stop() {
          const t0 = Date.now();
          // `docker stop` sends SIGTERM, then SIGKILL after the grace period (like the kubelet).
          await engine.docker(['stop', '-t', String(graceS), cname]);
          const ms = Date.now() - t0;
          const code = Number(
            (await engine.docker(['inspect', '-f', '{{.State.ExitCode}}', cname])).stdout.trim(),
          );
          return { code, signal: null, ms };
        },
        logs: async () => {
          const r = await engine.docker(['logs', '--tail', '200', cname], { allowFailure: true });
          return r.stdout + r.stderr;
        },
      };
    },
    async cleanup() {
      for (const cname of started) await engine.docker(['rm', '-f', cname], { allowFailure: true });
      started.clear();
    },
  };
}
