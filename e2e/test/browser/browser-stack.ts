// The system under test for the browser tests: PostgreSQL, three api releases (old, new, and a
// failing one) behind HAProxy (the ALB stand-in, round robin, health checks on /readyz) and the
// frontend in front of it. HAProxy weights decide which releases take traffic.

import { startPostgres, type ThrowawayPostgres } from '@gitops-lab/test-support';
import { startTargetGroup, type TargetGroup } from '../../lib/haproxy';
import { type RunningService, startService } from '../../lib/processes';

export interface Release {
  /** HAProxy target name, also used as the pod name. */
  name: string;
  version: string;
  color: string;
  revision: string;
  /** FAULT_ERROR_RATE of a bad release. */
  errorRate?: string;
}

export const BLUE: Release = {
  name: 'api-blue-6d8f9',
  version: '1.4.0',
  color: '#2563eb',
  revision: '3f2a9c1',
};
export const GREEN: Release = {
  name: 'api-green-7c2b1',
  version: '1.5.0',
  color: '#f59e0b',
  revision: '8b41d07',
};
/** A failed release: half of its /api answers are injected 500s. */
export const BAD: Release = {
  name: 'api-bad-0e5a3',
  version: '1.6.0',
  color: '#7c3aed',
  revision: 'c0ffee1',
  errorRate: '0.5',
};
const RELEASES = [BLUE, GREEN, BAD];

/** INSTRUCTOR_KEY of every api: the fault endpoints answer 401 without it. */
export const INSTRUCTOR_KEY = 'browser-test-key-4f9c2a7e1b';

export interface BrowserStack {
  postgres: ThrowawayPostgres;
  targetGroup: TargetGroup;
  apis: Map<string, RunningService>;
  frontend: RunningService;
  /** Stops the api of `release` (SIGTERM, graceful). */
  stopApi(release: Release): Promise<void>;
  /** Starts `release` again on its old port (unless it still runs) and waits until HAProxy sends it traffic. */
  restartApi(release: Release): Promise<void>;
  /** Sets a target's HAProxy weight: 0 takes it out of rotation, 3:1 gives a 75/25 split. */
  setWeight(release: Release, weight: number): Promise<void>;
  /** Everything the processes printed: attach to a failure. */
  logs(): string;
  stop(): Promise<void>;
}

function apiEnv(release: Release, databaseUrl: string): Record<string, string> {
  return {
    APP_VERSION: release.version,
    APP_COLOR: release.color,
    POD_NAME: release.name,
    POD_NAMESPACE: 'gitops-lab-dev',
    GIT_REVISION: release.revision,
    IMAGE_TAG: `sha-${release.revision}`,
    DATABASE_URL: databaseUrl,
    FAULT_INJECTION: 'true',
    INSTRUCTOR_KEY,
    ...(release.errorRate && { FAULT_ERROR_RATE: release.errorRate }),
    // The test stops apis on purpose to see error cells; no drain delay keeps it quick.
    SHUTDOWN_DELAY_MS: '0',
  };
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const postgres = await startPostgres();
  const apis = new Map<string, RunningService>();
  const started: { stop(): Promise<unknown> }[] = [postgres];
  try {
    // One after the other: each api runs the migrations at start-up.
    for (const release of RELEASES) {
      const api = await startService({
        app: 'api',
        name: release.name,
        env: apiEnv(release, postgres.url),
      });
      started.push(api);
      apis.set(release.name, api);
      await api.waitReady(30_000);
    }
    const targetGroup = await startTargetGroup();
    started.push(targetGroup);
    for (const release of RELEASES) {
      const api = apis.get(release.name);
      if (!api) throw new Error(`no api ${release.name}`);
      await targetGroup.addTarget(release.name, api.port);
      await targetGroup.waitHealthy(release.name, 10_000);
    }
    const frontend = await startService({
      app: 'frontend',
      name: 'frontend',
      env: {
        API_URL: targetGroup.url,
        APP_VERSION: '0.9.0',
        POD_NAME: 'frontend-5b7c8-q2x4z',
        POD_NAMESPACE: 'gitops-lab-dev',
        GIT_REVISION: '3f2a9c1',
        IMAGE_TAG: 'sha-3f2a9c1',
        GITHUB_REPOSITORY: 'gitops-lab/gitops-lab',
        DEPLOY_ENV: 'dev',
        ARGOCD_APP: 'gitops-lab-dev',
        SHUTDOWN_DELAY_MS: '0',
      },
    });
    started.push(frontend);
    await frontend.waitReady(15_000);

    return {
      postgres,
      targetGroup,
      apis,
      frontend,
      async stopApi(release) {
        await apis.get(release.name)?.stop();
      },
      async restartApi(release) {
        const previous = apis.get(release.name);
        if (!previous) throw new Error(`no api ${release.name}`);
        if (previous.alive()) return;
        const api = await startService({
          app: 'api',
          name: release.name,
          port: previous.port,
          env: apiEnv(release, postgres.url),
        });
        apis.set(release.name, api);
        started.push(api);
        await api.waitReady(30_000);
        await targetGroup.waitHealthy(release.name, 10_000);
      },
      async setWeight(release, weight) {
        await targetGroup.command(`set server targets/${release.name} weight ${weight}`);
      },
      logs() {
        return [
          ...[...apis.values()].map((a) => `--- ${a.name}\n${a.output()}`),
          `--- frontend\n${frontend.output()}`,
          `--- haproxy\n${targetGroup.output()}`,
        ].join('\n');
      },
      async stop() {
        for (const item of started.reverse()) await item.stop();
      },
    };
  } catch (error) {
    for (const item of started.reverse()) await item.stop().catch(() => undefined);
    throw error;
  }
}
