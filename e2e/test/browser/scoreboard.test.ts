// The scoreboard in real headless Chromium against the real services: two api releases behind
// HAProxy (round robin, health checks), the frontend in front, PostgreSQL for the guestbook.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { httpRequest } from '../../lib/http';
import { artifactsDir, repoRoot } from '../../lib/repo';
import { describeWithTools } from '../support/require-tool';
import {
  BAD,
  BLUE,
  type BrowserStack,
  GREEN,
  INSTRUCTOR_KEY,
  startBrowserStack,
} from './browser-stack';
import { launchChromium } from './chromium';
import {
  legendRows,
  numberOf,
  type OpenedPage,
  openScoreboard,
  sleepUntil,
  stripShare,
  stripTitle,
  textOf,
  waitUntil,
} from './scoreboard-page';

const BUCKET_MS = 5000;
const TOOLS = ['chromium', 'haproxy', 'postgres'];

/** A file under e2e/test-artifacts/browser/ (git-ignored). */
function artifactPath(name: string): string {
  const dir = artifactsDir('browser');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

describeWithTools(TOOLS, 'the scoreboard in Chromium', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    stack = await startBrowserStack();
    // Before the rollout: only the old release (BLUE) takes traffic.
    await stack.setWeight(GREEN, 0);
    await stack.setWeight(BAD, 0);
    browser = await launchChromium();
    opened = await openScoreboard(browser, stack.frontend.url);
    page = opened.page;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // What the services printed, for reading after a failure.
    if (stack) writeFileSync(artifactPath('services.log'), stack.logs());
    await stack?.stop();
  }, 60_000);

  it('draws a 25 % → 50 % → 100 % rollout and a rollback in the time strip as they happen', async () => {
    // Switch weights on the strip's 5 s bucket edges, so each bar holds exactly one phase.
    const first = Math.ceil((Date.now() + 2000) / BUCKET_MS) * BUCKET_MS;
    const phases: [blue: number, green: number][] = [
      [1, 0],
      [3, 1],
      [1, 1],
      [0, 1],
      [1, 0],
    ];
    for (const [i, [blue, green]] of phases.entries()) {
      await sleepUntil(first + i * BUCKET_MS + 20);
      await stack.setWeight(BLUE, blue);
      await stack.setWeight(GREEN, green);
      if (i === 3) {
        // Mid-rollout picture for the docs: 100 % → 25 % → 50 % bars, the 100 % bar starting to fill.
        await sleepUntil(first + i * BUCKET_MS + 1500);
        await page.screenshot({ path: artifactPath('scoreboard-rollout.png') });
      }
    }
    await sleepUntil(first + phases.length * BUCKET_MS + 800);

    const starts = phases.map((_, i) => first + i * BUCKET_MS);
    const green = await Promise.all(starts.map((start) => stripShare(page, start, GREEN.version)));
    const titles = await Promise.all(starts.map((start) => stripTitle(page, start)));
    expect(green[0]).toBeLessThanOrEqual(10);
    expect(green[1]).toBeGreaterThanOrEqual(15);
    expect(green[1]).toBeLessThanOrEqual(35);
    expect(green[2]).toBeGreaterThanOrEqual(38);
    expect(green[2]).toBeLessThanOrEqual(62);
    expect(green[3]).toBeGreaterThanOrEqual(90);
    // The rollback: the old release takes everything again.
    expect(green[4]).toBeLessThanOrEqual(10);
    for (const title of titles) expect(title).toContain('errors 0 %');
    expect(await numberOf(page, '#errors-total')).toBe(0);

    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      copyFileSync(
        artifactPath('scoreboard-rollout.png'),
        path.join(repoRoot(), 'docs', 'images', 'scoreboard.png'),
      );
    }
  }, 60_000);

  it('shows both versions in the legend with their share, pods and a pattern each', async () => {
    await stack.setWeight(BLUE, 1);
    await stack.setWeight(GREEN, 1);
    // The legend's default window is 10 s: let it fill with the 50/50 split only.
    await sleepUntil(Date.now() + 10_500);

    const rows = await legendRows(page);
    expect(rows.map((r) => r.version)).toEqual([BLUE.version, GREEN.version]);
    for (const row of rows) {
      expect(row.share).toBeGreaterThanOrEqual(35);
      expect(row.share).toBeLessThanOrEqual(65);
    }
    expect(rows[0]?.podsNow).toBe(BLUE.name);
    expect(rows[1]?.podsNow).toBe(GREEN.name);

    // Re-renders patch the tables in place: a screen reader's position in them survives.
    await page.evaluate('window.keptRow = document.querySelector("#legend-body tr[data-key]")');
    await sleepUntil(Date.now() + 1200);
    expect(await page.evaluate('window.keptRow.isConnected')).toBe(true);

    const pods = await page.locator('#pods-body tr[data-pod]').allInnerTexts();
    expect(pods.join('\n')).toContain(BLUE.name);
    expect(pods.join('\n')).toContain(GREEN.name);

    // Colour is not the only signal: each version's cells carry a different fill pattern.
    const blueCell = await page
      .locator(`#grid .cell[data-version="${BLUE.version}"]`)
      .last()
      .getAttribute('class');
    const greenCell = await page
      .locator(`#grid .cell[data-version="${GREEN.version}"]`)
      .last()
      .getAttribute('class');
    expect(blueCell).toContain('pattern-0');
    expect(greenCell).toContain('pattern-1');

    // Frontend and api identities side by side, and who deployed the frontend.
    expect(await textOf(page, '#frontend-identity')).toContain('0.9.0 · pod frontend-5b7c8-q2x4z');
    expect(await textOf(page, '#api-identity')).toMatch(/^1\.[45]\.0 · pod api-(blue|green)/);
    const deployment = await textOf(page, '#deployment');
    expect(deployment).toContain('gitops-lab/gitops-lab');
    expect(deployment).toContain('gitops-lab-dev');
    expect(await page.locator('#faults').isVisible()).toBe(true);

    expect(await numberOf(page, '#errors-total')).toBe(0);
    expect(await textOf(page, '#errors-label')).toContain('none so far');
    expect(opened.problems).toEqual([]);
  }, 30_000);

  it('shows a failed release: its errors, charged to its pod, with the reason the pod reports', async () => {
    const errorsBefore = await numberOf(page, '#errors-total');
    await stack.setWeight(GREEN, 0);
    await stack.setWeight(BAD, 1);
    await waitUntil(
      'errors from the bad release',
      async () => (await numberOf(page, '#errors-total')) >= errorsBefore + 5,
      10_000,
    );

    const badRow = page.locator(`#pods-body tr[data-pod="${BAD.name}"]`);
    await waitUntil(
      'the reason on the bad pod',
      async () => ((await badRow.textContent()) ?? '').includes('50 % injected errors'),
      5000,
    );
    const errorsOf = async (pod: string) =>
      Number(await page.locator(`#pods-body tr[data-pod="${pod}"] td`).nth(2).textContent());
    expect(await errorsOf(BAD.name)).toBeGreaterThanOrEqual(5);
    expect(await errorsOf(BLUE.name)).toBe(0);
    expect(await page.locator('#grid .cell-error').last().getAttribute('title')).toContain(
      `HTTP 500 from ${BAD.name}`,
    );
    expect(await page.locator('#errors-stat').getAttribute('class')).toContain('stat-bad');

    // Roll back: the bad release leaves, the errors stop.
    await stack.setWeight(BAD, 0);
    await stack.setWeight(GREEN, 1);
    await waitUntil(
      'only successful cells again',
      async () => {
        const last = await page
          .locator('#grid .cell')
          .evaluateAll((cells) =>
            cells.slice(-20).map((cell) => (cell as { className: string }).className),
          );
        return last.every((c) => !c.includes('cell-error'));
      },
      10_000,
    );
  }, 30_000);

  it('turns failures into error cells while the api is down, and recovers when it returns', async () => {
    const lastCells = (count: number) =>
      page
        .locator('#grid .cell')
        .evaluateAll(
          (cells, n) => cells.slice(-n).map((cell) => (cell as { className: string }).className),
          count,
        );
    await Promise.all([stack.stopApi(BLUE), stack.stopApi(GREEN)]);
    try {
      // Both apis gone: every new request fails.
      await waitUntil(
        'only error cells',
        async () => (await lastCells(5)).every((c) => c.includes('cell-error')),
        10_000,
      );
      expect(await numberOf(page, '#errors-total')).toBeGreaterThanOrEqual(5);
      expect(await page.locator('#errors-stat').getAttribute('class')).toContain('stat-bad');
      expect(await page.locator('#grid .cell-error').last().textContent()).toBe('✕');
      await waitUntil(
        'the failure announced',
        async () => (await textOf(page, '#announcer')).includes('Requests are failing'),
        5000,
      );
      // HAProxy's own 503s came from no api pod: no pod row is charged with them.
      expect(await page.locator('#pods-body tr[data-pod^="frontend"]').count()).toBe(0);
      // The frontend stays ready: the page itself reports the outage.
      expect((await httpRequest(`${stack.frontend.url}/readyz`)).status).toBe(200);

      // A message posted during the outage is retried with backoff, without a reload.
      await page.getByLabel('Name', { exact: true }).fill('Ada');
      await page.getByLabel('Message', { exact: true }).fill('posted while the api was down');
      await page.getByRole('button', { name: 'Post message' }).click();
      await waitUntil(
        'a retry notice',
        async () => (await textOf(page, '#guestbook-status')).includes('retrying'),
        10_000,
      );
    } finally {
      // Later tests need the apis back, whatever happened above.
      await Promise.all([stack.restartApi(BLUE), stack.restartApi(GREEN)]);
    }

    await waitUntil(
      'only successful cells again',
      async () => (await lastCells(20)).every((c) => !c.includes('cell-error')),
      15_000,
    );
    await waitUntil(
      'the recovery announced',
      async () => (await textOf(page, '#announcer')).includes('Requests succeed again'),
      5000,
    );
    await waitUntil(
      'the message posted during the outage',
      async () =>
        ((await page.locator('#guestbook-list').textContent()) ?? '').includes(
          'posted while the api was down',
        ),
      40_000,
    );
    expect(await textOf(page, '#guestbook-status')).not.toContain('retrying');
    expect(opened.problems).toEqual([]);
  }, 90_000);

  it("posts to the guestbook and shows the api's validation errors next to the field", async () => {
    await page.getByLabel('Name', { exact: true }).fill('Grace');
    await page.getByLabel('Message', { exact: true }).fill('   ');
    await page.getByRole('button', { name: 'Post message' }).click();
    await waitUntil(
      'a field error',
      async () => (await textOf(page, '#guestbook-text-error')) !== '',
      10_000,
    );
    expect(await textOf(page, '#guestbook-text-error')).toBe('must not be empty');
    expect(await page.getByLabel('Message', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(await page.evaluate('document.activeElement.id')).toBe('guestbook-text');

    await page.getByLabel('Message', { exact: true }).fill('hello from the browser test');
    await page.getByRole('button', { name: 'Post message' }).click();
    await waitUntil(
      'the new message in the list',
      async () =>
        ((await page.locator('#guestbook-list').textContent()) ?? '').includes(
          'hello from the browser test',
        ),
      10_000,
    );
    const item = page.locator('#guestbook-list li', { hasText: 'hello from the browser test' });
    expect((await item.textContent()) ?? '').toMatch(/Grace[\s\S]*stored by api-(blue|green)/);
    expect(
      await page.getByLabel('Message', { exact: true }).getAttribute('aria-invalid'),
    ).toBeNull();
  }, 30_000);

  it('shows no fault buttons without the instructor key, and the api refuses fault requests', async () => {
    // Fault injection is on, so the section is there, but it only asks for the key.
    expect(await page.locator('#faults').isVisible()).toBe(true);
    expect(await page.getByLabel('Instructor key', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send one HTTP 500' }).isVisible()).toBe(false);
    // Through the frontend's proxy, as a student's curl would go: no key, no fault.
    const refused = await httpRequest(`${stack.frontend.url}/api/fault/readiness`, {
      method: 'POST',
      body: JSON.stringify({ ready: false }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(opened.problems).toEqual([]);
  }, 30_000);

  it('refuses a wrong key, unlocks with the right one, keeps it for the tab and never puts it in a URL', async () => {
    const instructor = await openScoreboard(browser, stack.frontend.url);
    const { page } = instructor;
    const urls: string[] = [];
    const sentKeys: (string | undefined)[] = [];
    page.on('request', (request) => {
      urls.push(request.url());
      if (request.url().includes('/api/fault/')) {
        sentKeys.push(request.headers()['x-instructor-key']);
      }
    });
    const keyField = page.getByLabel('Instructor key', { exact: true });
    const unlock = page.getByRole('button', { name: 'Unlock fault controls' });
    const sendError = page.getByRole('button', { name: 'Send one HTTP 500' });
    const storedKey = () => page.evaluate('sessionStorage.length');
    try {
      await waitUntil('the key field', () => keyField.isVisible(), 10_000);

      await keyField.fill('not-the-instructor-key');
      await unlock.click();
      await waitUntil(
        'the refusal',
        async () => (await textOf(page, '#instructor-key-error')).includes('refused'),
        10_000,
      );
      expect(await sendError.isVisible()).toBe(false);
      expect(await storedKey()).toBe(0);

      await keyField.fill(INSTRUCTOR_KEY);
      await unlock.click();
      await waitUntil('the fault buttons', () => sendError.isVisible(), 10_000);
      expect(await textOf(page, '#instructor-key-error')).toBe('');
      expect(await keyField.isVisible()).toBe(false);

      const log = page.locator('#fault-log li');
      await sendError.click();
      await waitUntil('a fault log entry', async () => (await log.count()) === 1, 10_000);
      expect(await log.first().textContent()).toMatch(
        /HTTP 500: pod api-(blue|green)-\w+ \(1\.[45]\.0\) answered HTTP 500/,
      );

      // Paused, no /api/info answer can report the fault: the note must come from the pod's answer
      // to the fault request itself, as it must when a load balancer stops sending it traffic.
      await page.locator('#pause').click();
      expect(await textOf(page, '#pause')).toBe('Resume');
      await page.getByRole('button', { name: 'Make it unready' }).click();
      await waitUntil('a second fault log entry', async () => (await log.count()) === 2, 10_000);
      const entry = (await log.first().textContent()) ?? '';
      const release = [BLUE, GREEN].find((r) => entry.includes(`pod ${r.name} `));
      expect(release).toBeDefined();
      if (!release) return;
      // The board shows the fault on that pod, until the load balancer stops sending it traffic.
      await waitUntil(
        'the fault noted on the pod',
        async () =>
          (
            (await page.locator(`#pods-body tr[data-pod="${release.name}"]`).textContent()) ?? ''
          ).includes('made unready'),
        5000,
      );
      await page.locator('#pause').click();
      // Behind the load balancer nothing reaches an unready pod again: restore it directly.
      const api = stack.apis.get(release.name);
      const restore = await httpRequest(`${api?.url}/api/fault/readiness`, {
        method: 'POST',
        body: JSON.stringify({ ready: true }),
        headers: { 'x-instructor-key': INSTRUCTOR_KEY },
      });
      expect(restore.status).toBe(200);
      await stack.targetGroup.waitHealthy(release.name, 10_000);

      // Asked once per tab: a reload keeps the controls.
      await page.reload();
      await waitUntil('the fault buttons after a reload', () => sendError.isVisible(), 10_000);

      // The key travelled only as a header, on every fault request.
      expect(sentKeys.length).toBeGreaterThanOrEqual(4);
      expect(sentKeys.filter((k) => k !== INSTRUCTOR_KEY)).toEqual(['not-the-instructor-key']);
      expect(urls.filter((url) => url.includes(INSTRUCTOR_KEY))).toEqual([]);
      expect(page.url()).not.toContain(INSTRUCTOR_KEY);
      expect(instructor.problems).toEqual([]);
    } finally {
      await instructor.close();
    }
    // A new session (another browser, the students' laptops) is asked again.
    const student = await openScoreboard(browser, stack.frontend.url);
    try {
      await waitUntil(
        'the key field',
        () => student.page.getByLabel('Instructor key', { exact: true }).isVisible(),
        10_000,
      );
      expect(
        await student.page.getByRole('button', { name: 'Send one HTTP 500' }).isVisible(),
      ).toBe(false);
    } finally {
      await student.close();
    }
  }, 60_000);

  it('forgets a key the api stops accepting and says so', async () => {
    const instructor = await openScoreboard(browser, stack.frontend.url);
    const { page } = instructor;
    try {
      // A key from before the Secret was rotated.
      await page.evaluate(
        'sessionStorage.setItem("gitops-lab.instructor-key", "key-before-rotation")',
      );
      await page.reload();
      const sendError = page.getByRole('button', { name: 'Send one HTTP 500' });
      await waitUntil('the fault buttons', () => sendError.isVisible(), 10_000);
      await sendError.click();
      await waitUntil(
        'the refusal',
        async () => (await textOf(page, '#instructor-key-error')).includes('refused'),
        10_000,
      );
      expect(await sendError.isVisible()).toBe(false);
      expect(await page.getByLabel('Instructor key', { exact: true }).isVisible()).toBe(true);
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      expect(await page.locator('#fault-log li').count()).toBe(0);
      expect(instructor.problems).toEqual([]);
    } finally {
      await instructor.close();
    }
    expect(stack.logs()).not.toContain(INSTRUCTOR_KEY);
  }, 30_000);

  it('works from the keyboard: skip link, rate, window and pause', async () => {
    // A fresh page, so Tab starts from the top of the document.
    const fresh = await openScoreboard(browser, stack.frontend.url);
    const page = fresh.page;
    try {
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe(
        'Skip to the scoreboard',
      );
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('scoreboard');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('rate');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('window');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('pause');

      await page.keyboard.press('Enter');
      expect(await textOf(page, '#pause')).toBe('Resume');
      await sleepUntil(Date.now() + 700);
      const paused = await numberOf(page, '#requests-total');
      await sleepUntil(Date.now() + 1500);
      expect(await numberOf(page, '#requests-total')).toBe(paused);

      await page.keyboard.press('Enter');
      expect(await textOf(page, '#pause')).toBe('Pause');
      await waitUntil(
        'requests again',
        async () => (await numberOf(page, '#requests-total')) > paused,
        5000,
      );

      // Every control has a label a screen reader announces.
      for (const label of ['Requests per second', 'Window', 'Name', 'Message']) {
        expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
      }
      expect(await page.locator('#grid').getAttribute('role')).toBe('img');
      expect(await page.locator('#grid').getAttribute('aria-label')).toMatch(
        /One cell per request/,
      );
    } finally {
      await fresh.close();
    }
  }, 30_000);

  it('fits a 1280×720 projector and a phone', async () => {
    const inViewport = async (p: Page, selector: string) => {
      const box = await p.locator(selector).boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 720 && box.x + box.width <= 1280;
    };
    // What a projector shows without scrolling.
    await page.evaluate('window.scrollTo(0, 0)');
    for (const selector of ['#errors-stat', '#grid', '#legend', '#pods', '#strip']) {
      expect([selector, await inViewport(page, selector)]).toEqual([selector, true]);
    }
    await page.screenshot({ path: artifactPath('scoreboard-1280x720.png') });

    const phone = await openScoreboard(browser, stack.frontend.url, { width: 390, height: 844 });
    try {
      await waitUntil(
        'answers on the phone',
        async () => (await legendRows(phone.page)).length > 0,
        10_000,
      );
      const overflow = await phone.page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBe(0);
      await phone.page.screenshot({ path: artifactPath('scoreboard-phone.png'), fullPage: true });
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 30_000);
});
