// The guestbook: lists and posts messages through the api. It survives api restarts and rollouts
// on its own: failed loads and posts are retried with backoff and the page is never reloaded.
import { backoffDelay } from '../lib/backoff.js';
import { formatClock } from '../lib/format.js';
import { type Message, readMessages } from '../lib/messages.js';
import { type ProblemSummary, readProblem } from '../lib/problem-details.js';
import { byId, el, morphChildren } from './dom.js';

const REFRESH_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5000;
const BACKOFF = { baseMs: 1000, maxMs: 15_000 };
const MAX_POST_ATTEMPTS = 6;
const FORM_FIELDS = ['author', 'text'];

/** Statuses worth retrying: the api was unreachable, restarting or overloaded. */
function retryable(status: number): boolean {
  return status === 502 || status === 503 || status === 504 || status === 429;
}

class HttpFailure extends Error {
  constructor(readonly problem: ProblemSummary) {
    super(problem.title);
  }
}

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(path, {
    ...init,
    cache: 'no-store',
    headers: { accept: 'application/json', ...init.headers },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new HttpFailure(readProblem(response.status, body));
  return body;
}

function describeFailure(error: unknown): string {
  if (error instanceof HttpFailure) return error.problem.detail ?? error.problem.title;
  return error instanceof DOMException && error.name === 'TimeoutError'
    ? 'the api did not answer in time'
    : 'the api could not be reached';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Guestbook {
  private readonly form = byId<HTMLFormElement>('guestbook-form');
  private readonly submit = byId<HTMLButtonElement>('guestbook-submit');
  private readonly formError = byId('guestbook-error');
  private readonly status = byId('guestbook-status');
  private readonly list = byId('guestbook-list');
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private loadFailures = 0;

  start(): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.post();
    });
    this.list.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-id]');
      if (button?.dataset.id) void this.remove(button.dataset.id);
    });
    void this.refresh();
  }

  private scheduleRefresh(delayMs: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    try {
      this.render(readMessages(await call('/api/messages')));
      if (this.loadFailures > 0) this.status.textContent = 'Guestbook reconnected.';
      this.loadFailures = 0;
      this.scheduleRefresh(REFRESH_MS);
    } catch (error) {
      const delay = backoffDelay(this.loadFailures, BACKOFF);
      this.loadFailures += 1;
      this.status.textContent = `Could not load messages (${describeFailure(error)}); retrying in ${Math.ceil(delay / 1000)} s.`;
      this.scheduleRefresh(delay);
    }
  }

  private render(messages: Message[]): void {
    if (messages.length === 0) {
      morphChildren(this.list, [
        el('li', { className: 'empty', text: 'No messages yet: be the first.' }),
      ]);
      return;
    }
    morphChildren(
      this.list,
      messages.map((m) => {
        const who = m.author || 'anonymous';
        const when = m.createdAt ? formatClock(Date.parse(m.createdAt)) : '';
        return el('li', { className: 'message', attrs: { 'data-key': m.id } }, [
          el('p', { className: 'message-meta' }, [
            el('strong', { text: who }),
            [when, m.pod && `stored by ${m.pod}`]
              .filter(Boolean)
              .map((part) => ` · ${part}`)
              .join(''),
          ]),
          el('p', { className: 'message-text', text: m.text }),
          el('button', {
            className: 'link-button',
            text: 'Delete',
            attrs: {
              type: 'button',
              'data-id': m.id,
              'aria-label': `Delete the message from ${who}`,
            },
          }),
        ]);
      }),
    );
  }

  private clearErrors(): void {
    this.formError.textContent = '';
    for (const field of FORM_FIELDS) {
      const input = byId(`guestbook-${field}`);
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      byId(`guestbook-${field}-error`).textContent = '';
    }
  }

  private showProblem(problem: ProblemSummary): void {
    const unplaced: string[] = [];
    for (const { field, detail } of problem.fields) {
      if (!FORM_FIELDS.includes(field)) {
        unplaced.push(`${field}: ${detail}`);
        continue;
      }
      const input = byId(`guestbook-${field}`);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `guestbook-${field}-error`);
      byId(`guestbook-${field}-error`).textContent = detail;
    }
    const summary = problem.detail ?? problem.title;
    this.formError.textContent =
      unplaced.length > 0 ? `${problem.title}: ${unplaced.join('; ')}` : `Not posted: ${summary}`;
    const firstInvalid = this.form.querySelector<HTMLElement>('[aria-invalid="true"]');
    firstInvalid?.focus();
  }

  private async post(): Promise<void> {
    const data = new FormData(this.form);
    const payload = {
      author: String(data.get('author') ?? ''),
      text: String(data.get('text') ?? ''),
    };
    this.clearErrors();
    this.submit.disabled = true;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await call('/api/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          });
          byId<HTMLTextAreaElement>('guestbook-text').value = '';
          this.status.textContent = 'Message posted.';
          await this.refresh();
          return;
        } catch (error) {
          const canRetry = !(error instanceof HttpFailure) || retryable(error.problem.status);
          if (!canRetry) {
            this.showProblem((error as HttpFailure).problem);
            this.status.textContent = '';
            return;
          }
          if (attempt + 1 >= MAX_POST_ATTEMPTS) {
            this.formError.textContent = `Not posted: ${describeFailure(error)}. Try again in a moment.`;
            this.status.textContent = '';
            return;
          }
          const delay = backoffDelay(attempt, BACKOFF);
          this.status.textContent = `Posting failed (${describeFailure(error)}); retrying in ${Math.ceil(delay / 1000)} s.`;
          await sleep(delay);
        }
      }
    } finally {
      this.submit.disabled = false;
    }
  }

  private async remove(id: string): Promise<void> {
    try {
      await call(`/api/messages/${encodeURIComponent(id)}`, { method: 'DELETE' });
      this.status.textContent = 'Message deleted.';
    } catch (error) {
      this.status.textContent = `Could not delete the message: ${describeFailure(error)}.`;
    }
    await this.refresh();
  }
}
