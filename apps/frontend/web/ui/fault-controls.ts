// Instructor fault controls, shown only when the api reports fault injection on and only to whoever
// entered the instructor key. Every action is one request through the load balancer, so it hits
// whichever pod answers: the log names it. The api answers 401 to a missing or wrong key; the page
// then forgets the key and asks again.
import { formatClock } from '../lib/format.js';
import { INSTRUCTOR_KEY_HEADER, InstructorKey } from '../lib/instructor-key.js';
import { readProblem } from '../lib/problem-details.js';
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

/** Checks a key without breaking anything: the api answers 204 when it accepts the key. */
const KEY_CHECK: FaultAction = {
  label: 'Key check',
  path: '/api/fault/status/204',
  method: 'GET',
};

const FAULT_TIMEOUT_MS = 10_000;
const LOG_LENGTH = 8;

async function send(action: FaultAction, key: string): Promise<Response> {
  const headers: Record<string, string> = { [INSTRUCTOR_KEY_HEADER]: key };
  if (action.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(action.path, {
    method: action.method,
    cache: 'no-store',
    headers,
    ...(action.body !== undefined && { body: JSON.stringify(action.body) }),
    signal: AbortSignal.timeout(FAULT_TIMEOUT_MS),
  });
}

/** The api's reason for a 401 (problem+json), for the message under the key field. */
async function refusal(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => undefined);
  const problem = readProblem(response.status, body);
  return problem.detail ?? problem.title;
}

export class FaultControls {
  private readonly section = byId('faults');
  private readonly keyForm = byId<HTMLFormElement>('instructor-key-form');
  private readonly keyInput = byId<HTMLInputElement>('instructor-key');
  private readonly keySubmit = byId<HTMLButtonElement>('instructor-key-submit');
  private readonly keyError = byId('instructor-key-error');
  private readonly panel = byId('fault-panel');
  private readonly log = byId('fault-log');
  private readonly key = new InstructorKey(sessionStorage);

  /**
   * @param onFaultState called with the pod that accepted a fault and the state it answered
   * (`{"ready": false}`, ...): the board can note it at once, before a load balancer that stops
   * sending that pod traffic would leave it no chance to report it in /api/info.
   */
  constructor(private readonly onFaultState: (pod: string, state: unknown) => void) {}

  start(): void {
    this.showUnlocked(this.key.get() !== undefined);
    this.keyForm.addEventListener('submit', (event) => {
      // Never submitted by the browser: the key must not travel in a URL or a form post.
      event.preventDefault();
      void this.unlock();
    });
    this.panel.addEventListener('click', (event) => {
      const target = event.target as Element;
      if (target.closest('#forget-instructor-key')) {
        this.lock('');
        return;
      }
      const button = target.closest<HTMLButtonElement>('button[data-fault]');
      const action = button?.dataset.fault ? ACTIONS[button.dataset.fault] : undefined;
      if (button && action) void this.run(button, action);
    });
  }

  /** Follows the api's fault-injection flag from the latest /api/info answer. */
  setAvailable(available: boolean): void {
    if (this.section.hidden === available) this.section.hidden = !available;
  }

  private showUnlocked(unlocked: boolean): void {
    this.keyForm.hidden = unlocked;
    this.panel.hidden = !unlocked;
  }

  /** Forgets the key and asks for it again, saying why (empty: the instructor asked to forget it). */
  private lock(reason: string): void {
    this.key.clear();
    this.keyError.textContent = reason;
    this.showUnlocked(false);
    this.keyInput.focus();
  }

  private async unlock(): Promise<void> {
    const candidate = this.keyInput.value.trim();
    if (candidate === '') {
      this.keyError.textContent = 'Enter the instructor key.';
      return;
    }
    this.keySubmit.disabled = true;
    try {
      const response = await send(KEY_CHECK, candidate);
      if (response.ok) {
        await response.body?.cancel();
        this.key.set(candidate);
        this.keyInput.value = '';
        this.keyError.textContent = '';
        this.showUnlocked(true);
      } else if (response.status === 401) {
        this.lock(`The api refused this key (${await refusal(response)}). Enter it again.`);
        this.keyInput.select();
      } else {
        await response.body?.cancel();
        this.keyError.textContent = `Could not check the key: the api answered HTTP ${response.status}.`;
      }
    } catch {
      this.keyError.textContent = 'Could not check the key: the api did not answer.';
    } finally {
      this.keySubmit.disabled = false;
    }
  }

  private async run(button: HTMLButtonElement, action: FaultAction): Promise<void> {
    const key = this.key.get();
    if (key === undefined) {
      this.lock('Enter the instructor key first.');
      return;
    }
    button.disabled = true;
    const started = Date.now();
    let result: string;
    try {
      const response = await send(action, key);
      if (response.status === 401) {
        // The key changed (a new Secret) or was wrong: ask again instead of failing silently.
        this.lock(`The api refused the key (${await refusal(response)}). Enter it again.`);
        return;
      }
      const podName = response.headers.get('x-pod-name');
      const isJson = response.headers.get('content-type')?.startsWith('application/json') === true;
      if (response.ok && isJson) {
        const state: unknown = await response.json().catch(() => undefined);
        if (podName !== null && state !== undefined) this.onFaultState(podName, state);
      } else {
        await response.body?.cancel();
      }
      const pod = podName ?? 'an unknown pod';
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
