// What is currently broken on purpose in this pod: the runtime toggles (per pod, lost on
// restart) and the "bad release" settings baked into the deployment's env.

/** Fixed at start-up from the environment. */
export interface FaultSettings {
  /** Fault endpoints exist (FAULT_INJECTION). */
  readonly endpoints: boolean;
  /** Fraction of /api/* requests answered with 500 (FAULT_ERROR_RATE). */
  readonly errorRate: number;
  /** Extra latency on every /api/* request (FAULT_LATENCY_MS). */
  readonly latencyMs: number;
  /** /readyz never succeeds (FAULT_NEVER_READY). */
  readonly neverReady: boolean;
}

export interface FaultState extends FaultSettings {
  /** Runtime readiness toggle (POST /api/fault/readiness). */
  ready: boolean;
  /** Runtime liveness toggle (POST /api/fault/liveness). */
  healthy: boolean;
}

export function createFaultState(settings: FaultSettings): FaultState {
  return { ...settings, ready: true, healthy: true };
}

/** The part of the state shown in /api/info, so a demo screen can say what is broken. */
export function describeFaults(state: FaultState) {
  return {
    ready: state.ready,
    healthy: state.healthy,
    errorRate: state.errorRate,
    latencyMs: state.latencyMs,
    neverReady: state.neverReady,
  };
}
