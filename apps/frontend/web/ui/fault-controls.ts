// Instructor fault controls, shown only when the api reports fault injection on. Every action is
// one request through the load balancer, so it hits whichever pod answers: the log names it.
import { formatClock } from '../lib/format.js';
import { byId, el } from './dom.js';

interface FaultAction {
  label: string;
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
}

const ACTIONS: Record<string, FaultAction> = {
  unready: {
    label: 'Unready',
    path: '/api/fault/readiness',
    method: 'POST',
    body: { ready: false },
  },
  unhealthy: {
    label: 'Liveness failing',
    path: '/api/fault/liveness',
    method: 'POST',
    body: { healthy: false },
  },
  crash: { label: 'Crash', path: '/api/fault/crash', method: 'POST' },
  error: { label: 'HTTP 500', path: '/api/fault/status/500', method: 'GET' },
  delay: { label: 'Slow answer (3 s)', path: '/api/fault/delay/3000', method: 'GET' },
};

const FAULT_TIMEOUT_MS = 10_000;
const LOG_LENGTH = 8;

export class FaultControls {
  private readonly section = byId('faults');
  private readonly log = byId('fault-log');

  start(): void {
    this.section.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-fault]');
      const action = button?.dataset.fault ? ACTIONS[button.dataset.fault] : undefined;
      if (button && action) void this.run(button, action);
    });
  }

  /** Follows the api's fault-injection flag from the latest /api/info answer. */
  setAvailable(available: boolean): void {
    if (this.section.hidden === available) this.section.hidden = !available;
  }

  private async run(button: HTMLButtonElement, action: FaultAction): Promise<void> {
    button.disabled = true;
    const started = Date.now();
    let result: string;
    try {
      const response = await fetch(action.path, {
        method: action.method,
        cache: 'no-store',
        headers: action.body ? { 'content-type': 'application/json' } : {},
        ...(action.body !== undefined && { body: JSON.stringify(action.body) }),
        signal: AbortSignal.timeout(FAULT_TIMEOUT_MS),
      });
      await response.body?.cancel();
      const pod = response.headers.get('x-pod-name') ?? 'an unknown pod';
      const version = response.headers.get('x-app-version');
      result = `pod ${pod}${version ? ` (${version})` : ''} answered HTTP ${response.status}`;
    } catch {
      result = 'no answer (the pod may have gone down mid-request)';
    } finally {
      button.disabled = false;
    }
    this.log.prepend(
      el('li', {
        text: `${formatClock(started)} ${action.label}: ${result} in ${Date.now() - started} ms`,
      }),
    );
    while (this.log.childElementCount > LOG_LENGTH) this.log.lastElementChild?.remove();
  }
}
