import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { instantQuery, type Sample } from '@gitops-lab/monitoring';
import { freePort, waitForHttp200 } from '@gitops-lab/test-support';

/** A scrape job: targets found by HTTP service discovery, or fixed ones. */
export type ScrapeJob =
  | { name: string; discoveryUrl: string }
  | { name: string; targets: string[]; honorLabels?: boolean };

export interface Prometheus {
  pid: number;
  url: string;
  /** Evaluates `expr` now (GET /api/v1/query). */
  query(expr: string): Promise<Sample[]>;
  /** What Prometheus logged (for failure diagnostics). */
  output(): string;
  /** SIGTERM to its PID; resolves when it has exited and its data is removed. */
  stop(): Promise<void>;
}

/**
 * prometheus.yml for `jobs`, every target scraped each second (the lab cluster uses 30 s; the proof
 * runs at test speed). JSON is YAML, so no YAML library is needed.
 */
export function prometheusConfig(jobs: ScrapeJob[]): string {
  return JSON.stringify(
    {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: jobs.map((job) =>
        'discoveryUrl' in job
          ? {
              job_name: job.name,
              // Prometheus polls this URL for the current targets and their labels.
              http_sd_configs: [{ url: job.discoveryUrl, refresh_interval: '1s' }],
            }
          : {
              job_name: job.name,
              honor_labels: job.honorLabels ?? false,
              static_configs: [{ targets: job.targets }],
            },
      ),
    },
    null,
    2,
  );
}

/** Starts Debian's `prometheus` on 127.0.0.1 with its own data directory; resolves when ready. */
export async function startPrometheus(
  jobs: ScrapeJob[],
  bin = '/usr/bin/prometheus',
): Promise<Prometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(config, prometheusConfig(jobs));
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log = (log + c.toString('utf8')).slice(-50_000);
  });
  let exitedAt = 0;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exitedAt = Date.now();
      resolve();
    });
    child.on('error', (err) => {
      log += String(err);
      exitedAt = Date.now();
      resolve();
    });
  });
  const pid = child.pid;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exitedAt) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (pid === undefined) throw new Error(`could not start ${bin}`);
    await waitForHttp200(`${url}/-/ready`, 30_000, () => exitedAt === 0);
  } catch (err) {
    await stop();
    throw new Error(`prometheus did not get ready: ${(err as Error).message}\n${log.slice(-2000)}`);
  }
  return { pid, url, query: (expr) => instantQuery(url, expr), output: () => log, stop };
}
