// Reads the scoreboard page the way a person would: through its text, roles and labels.
import type { Browser, Page } from 'playwright-core';

export interface OpenedPage {
  page: Page;
  /** Content-Security-Policy violations and uncaught errors seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openScoreboard(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 720 },
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.text().startsWith('CSP violation')) problems.push(message.text());
  });
  // Installed before any page script: reports every resource or inline code the policy blocked.
  await page.addInitScript(`
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
    });
  `);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const sleepUntil = (epochMs: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));

export interface LegendRow {
  version: string;
  /** Share over the window, in percent. */
  share: number;
  answers: number;
  podsNow: string;
}

export async function legendRows(page: Page): Promise<LegendRow[]> {
  const rows = await page.locator('#legend-body tr[data-version]').all();
  return Promise.all(
    rows.map(async (row) => ({
      version: (await row.locator('th').textContent())?.trim() ?? '',
      share: Number.parseInt((await row.locator('.share-value').textContent()) ?? '', 10),
      answers: Number(await row.locator('td.num').textContent()),
      podsNow: (await row.locator('.pods-now').textContent())?.trim() ?? '',
    })),
  );
}

export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').trim();
}

export async function numberOf(page: Page, selector: string): Promise<number> {
  return Number(await textOf(page, selector));
}

/** Share of `version` (percent) in the strip bar of the 5 s bucket starting at `start`. */
export async function stripShare(page: Page, start: number, version: string): Promise<number> {
  const title =
    (await page.locator(`#strip .bar[data-start="${start}"]`).getAttribute('title')) ?? '';
  const match = new RegExp(`${version.replaceAll('.', '\\.')} (\\d+) %`).exec(title);
  return match ? Number(match[1]) : 0;
}

export async function stripTitle(page: Page, start: number): Promise<string> {
  return (await page.locator(`#strip .bar[data-start="${start}"]`).getAttribute('title')) ?? '';
}
