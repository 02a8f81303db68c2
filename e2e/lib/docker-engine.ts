import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hasCommand } from '@gitops-lab/test-support';
import { cacheDir } from './cache';
import { type ExecOptions, type ExecResult, exec } from './exec';
import { sleep } from './http';

export interface DockerEngine {
  /** Value for DOCKER_HOST. */
  host: string;
  /** True when this run started dockerd itself (no bridge network: containers use --network host). */
  ownDaemon: boolean;
  /** Runs the docker CLI against this engine. */
  docker(args: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Stops dockerd by its PID when this run started it; a no-op for an engine that was already up. */
  stop(): Promise<void>;
}

// Short fixed paths: containerd's and dockerd's unix sockets must stay under ~107 bytes.
const RUN_DIR = '/tmp/gitops-lab-e2e-docker';

/** Installs Debian packages that are missing (needs root and apt). */
export async function aptInstall(packages: string[]): Promise<void> {
  if (packages.length === 0) return;
  if (!hasCommand('apt-get')) throw new Error(`missing ${packages.join(', ')} and no apt-get`);
  console.log(`[docker] installing ${packages.join(' ')} with apt`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const flock = hasCommand('flock') ? ['flock', '/tmp/apt.lock'] : [];
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...flock, ...args] as [string, ...string[]];
    return exec(cmd, rest, { env, timeoutMs: 600_000 });
  };
  await run(['apt-get', 'update', '-qq']);
  await run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

function cliFor(ownDaemon: boolean): string {
  // Debian's docker.io CLI matches its dockerd (20.10) and can use BuildKit with it; a newer CLI
  // earlier on PATH falls back to the legacy builder against that daemon.
  return ownDaemon && existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

function engineFor(host: string, ownDaemon: boolean, child?: ChildProcess): DockerEngine {
  const cli = cliFor(ownDaemon);
  const env = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '1' };
  return {
    host,
    ownDaemon,
    docker: (args, options = {}) =>
      exec(cli, args, { ...options, env: { ...env, ...options.env } }),
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      console.log(`[docker] dockerd (pid ${child.pid}) stopped`);
    },
  };
}

async function answers(host: string, ownDaemon: boolean): Promise<boolean> {
  if (!hasCommand(cliFor(ownDaemon))) return false;
  const r = await engineFor(host, ownDaemon)
    .docker(['version', '--format', '{{.Server.Version}}'], {
      allowFailure: true,
      timeoutMs: 10_000,
    })
    .catch(() => ({ code: 1 }));
  return r.code === 0;
}

const isRunning = (pid: number) => existsSync(`/proc/${pid}`);

/**
 * A dockerd left over from an interrupted run of this harness (same pidfile, same data-root): stop it
 * with SIGTERM so it also stops its containerd (a SIGKILL would leave that behind).
 */
async function stopStaleDaemon(pidfile: string, dataRoot: string): Promise<void> {
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  const cmdline = isRunning(pid) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (pid > 0 && cmdline.includes('dockerd') && cmdline.includes(dataRoot)) {
    console.log(`[docker] stopping dockerd ${pid} left by an interrupted run`);
    process.kill(pid, 'SIGTERM');
    for (let i = 0; isRunning(pid) && i < 200; i++) await sleep(100);
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidfile, { force: true });
}

/**
 * Returns a Docker engine: the one DOCKER_HOST or the default socket points at when it answers,
 * otherwise a dockerd started here with its own data-root, exec-root and socket, no iptables and no
 * bridge (installing Debian's docker.io first when dockerd is missing).
 */
export async function startEngine(): Promise<DockerEngine> {
  const existing = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (await answers(existing, false)) {
    console.log(`[docker] using the running engine at ${existing}`);
    return engineFor(existing, false);
  }
  await aptInstall(
    ['dockerd', 'debootstrap']
      .filter((c) => !hasCommand(c))
      .map((c) => (c === 'dockerd' ? 'docker.io' : c)),
  );

  const dataRoot = cacheDir('docker-data');
  mkdirSync(RUN_DIR, { recursive: true });
  const pidfile = path.join(RUN_DIR, 'dockerd.pid');
  const host = `unix://${RUN_DIR}/docker.sock`;
  await stopStaleDaemon(pidfile, dataRoot);
  const logFile = path.join(cacheDir(), 'dockerd.log');
  const log = openSync(logFile, 'w');
  const child = spawn(
    'dockerd',
    [
      '--data-root',
      dataRoot,
      '--exec-root',
      path.join(RUN_DIR, 'exec'),
      '--pidfile',
      pidfile,
      '-H',
      host,
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
      '--storage-driver',
      'overlay2',
    ],
    { stdio: ['ignore', log, log] },
  );
  const started = Date.now();
  while (!(await answers(host, true))) {
    if (child.exitCode !== null) {
      throw new Error(
        `dockerd exited (${child.exitCode}); see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    }
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`dockerd did not answer within 60 s; see ${logFile}`);
    }
    await sleep(250);
  }
  console.log(
    `[docker] dockerd pid ${child.pid} up in ${Date.now() - started} ms (${host}, data-root ${dataRoot})`,
  );
  return engineFor(host, true, child);
}
