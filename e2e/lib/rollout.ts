import type { ExitReport } from './processes';
import type { Replica, ReplicaLauncher } from './replicas';
import type { TrafficRouting } from './routing';

/** A Deployment's replicas behind one load balancer, replaced the way Kubernetes does it. */
export interface Fleet {
  routing: TrafficRouting;
  launcher: ReplicaLauncher;
  /** Environment every replica gets (database, drain delay...). */
  baseEnv: Record<string, string>;
  replicas: { replica: Replica; version: string }[];
  /** Exits of the replicas retired so far. */
  retired: { name: string; version: string; exit: ExitReport }[];
  nextId: number;
}

export interface StepLog {
  at: number;
  message: string;
}

export type RolloutResult =
  | { status: 'complete'; ms: number; log: StepLog[] }
  /** The new replica never became healthy: the update stops, the old replicas keep serving. */
  | {
      status: 'stalled';
      ms: number;
      log: StepLog[];
      pending: { replica: Replica; version: string };
    };

export function createFleet(
  routing: TrafficRouting,
  launcher: ReplicaLauncher,
  baseEnv: Record<string, string>,
): Fleet {
  return { routing, launcher, baseEnv, replicas: [], retired: [], nextId: 1 };
}

async function launch(fleet: Fleet, version: string, env: Record<string, string>) {
  const name = `${fleet.launcher.app}-${fleet.nextId++}-${version}`;
  const replica = await fleet.launcher.start(name, {
    ...fleet.baseEnv,
    ...env,
    APP_VERSION: version,
  });
  return { replica, version };
}

/** Starts `count` replicas of `version` and waits until the load balancer sends them traffic. */
export async function deploy(
  fleet: Fleet,
  count: number,
  version: string,
  env: Record<string, string> = {},
) {
  const started = await Promise.all(
    Array.from({ length: count }, () => launch(fleet, version, env)),
  );
  await Promise.all(
    started.map((r) => fleet.routing.admit(r.replica.name, r.replica.port, 30_000)),
  );
  fleet.replicas.push(...started);
}

/**
 * Termination: the load balancer learns of it on its own schedule (health checks, endpoint
 * propagation) while SIGTERM goes out at the same moment, as the kubelet does. The replica is
 * forgotten only once it exited and the balancer has taken it out.
 */
async function retire(fleet: Fleet, entry: { replica: Replica; version: string }) {
  const left = fleet.routing.leaving(entry.replica.name).then(
    () => undefined,
    (err: Error) => err,
  );
  const exit = await entry.replica.stop();
  const notLeft = await left;
  if (notLeft) throw notLeft;
  if (exit.code !== 0) {
    const tail = (await entry.replica.logs()).trim().split('\n').slice(-15).join('\n');
    console.log(
      `[rollout] ${entry.replica.name} exited ${exit.code} after SIGTERM; last output:\n${tail}`,
    );
  }
  await fleet.routing.forget(entry.replica.name);
  fleet.retired.push({ name: entry.replica.name, version: entry.version, exit });
}

/**
 * Replaces every replica with `version`, maxSurge 1 / maxUnavailable 0: start one new replica, wait
 * until the load balancer sends it traffic, SIGTERM one old replica (its shutdown overlaps the next step, as a
 * terminating pod does), repeat. A new replica that takes no traffic within `progressDeadlineMs` stalls
 * the update with the old replicas untouched.
 */
export async function rollingUpdate(
  fleet: Fleet,
  version: string,
  options: { env?: Record<string, string>; progressDeadlineMs?: number } = {},
): Promise<RolloutResult> {
  const t0 = Date.now();
  const log: StepLog[] = [];
  const note = (message: string) => log.push({ at: Date.now() - t0, message });
  const retiring: Promise<void>[] = [];
  for (const old of [...fleet.replicas]) {
    const fresh = await launch(fleet, version, options.env ?? {});
    note(`started ${fresh.replica.name}`);
    try {
      await fleet.routing.admit(
        fresh.replica.name,
        fresh.replica.port,
        options.progressDeadlineMs ?? 30_000,
      );
    } catch {
      note(`${fresh.replica.name} not healthy within the progress deadline: update stalled`);
      await Promise.all(retiring);
      return { status: 'stalled', ms: Date.now() - t0, log, pending: fresh };
    }
    note(`${fresh.replica.name} in the ${fleet.routing.label}, SIGTERM ${old.replica.name}`);
    fleet.replicas.push(fresh);
    fleet.replicas.splice(fleet.replicas.indexOf(old), 1);
    retiring.push(
      retire(fleet, old).then(() => {
        note(`${old.replica.name} exited`);
      }),
    );
  }
  await Promise.all(retiring);
  return { status: 'complete', ms: Date.now() - t0, log };
}

/** Undoes a stalled update: removes the replica that never became healthy (the old ones never left). */
export async function abandon(
  fleet: Fleet,
  pending: { replica: Replica; version: string },
): Promise<void> {
  await fleet.routing.forget(pending.replica.name);
  const exit = await pending.replica.stop();
  fleet.retired.push({ name: pending.replica.name, version: pending.version, exit });
}

/**
 * Stops every replica (end of a scenario). The launcher's leftovers (stopped containers) stay until
 * its own `cleanup`: other fleets may share the launcher and still be running.
 */
export async function teardown(fleet: Fleet): Promise<void> {
  await Promise.all(fleet.replicas.map((r) => retire(fleet, r)));
  fleet.replicas = [];
}
