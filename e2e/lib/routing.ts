// How replicas join and leave the traffic during a rollout, for each load-balancer stand-in.
import type { TargetGroup } from './haproxy';
import type { ServiceProxy } from './kube-proxy';

export interface TrafficRouting {
  /** What sends the traffic, for log lines ("ALB target group", "Service api"). */
  label: string;
  /** Registers a started replica; resolves once it takes traffic, rejects after `timeoutMs`. */
  admit(name: string, port: number, timeoutMs: number): Promise<void>;
  /** Termination of `name` begins (SIGTERM goes out now); resolves once it gets no new traffic. */
  leaving(name: string): Promise<void>;
  /** Forgets `name`: after its exit, or a replica that never became ready. */
  forget(name: string): Promise<void>;
}

/**
 * An ALB target group: a target takes traffic after its first passing health check and leaves when
 * the checks have seen /readyz fail; the harness never deregisters faster than the ALB would.
 */
export function targetGroupRouting(tg: TargetGroup): TrafficRouting {
  return {
    label: 'ALB target group',
    async admit(name, port, timeoutMs) {
      await tg.addTarget(name, port);
      await tg.waitHealthy(name, timeoutMs);
    },
    async leaving(name) {
      await tg.waitUnhealthy(name, 15_000);
    },
    forget: (name) => tg.removeTarget(name),
  };
}

/** A ClusterIP Service through kube-proxy: EndpointSlice changes after the propagation delay. */
export function serviceRouting(service: ServiceProxy, name: string): TrafficRouting {
  return {
    label: `Service ${name}`,
    admit: (replica, port, timeoutMs) => service.addEndpoint(replica, port, timeoutMs),
    leaving: (replica) => service.terminating(replica),
    forget: (replica) => service.removeEndpoint(replica),
  };
}
