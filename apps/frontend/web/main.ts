// The page's entry point: wires the request loop to the grid, the stats panels and the
// announcer, and starts the guestbook and the fault controls.
import { RolloutAnnouncer } from './lib/announcements.js';
import { readAppInfo } from './lib/app-info.js';
import { faultNotes } from './lib/fault-notes.js';
import { ScoreboardStats } from './lib/scoreboard-stats.js';
import { byId } from './ui/dom.js';
import { FaultControls } from './ui/fault-controls.js';
import { GridView } from './ui/grid-view.js';
import { Guestbook } from './ui/guestbook.js';
import { IdentityView } from './ui/identity-view.js';
import { RequestLoop } from './ui/request-loop.js';
import { STRIP_BUCKET_MS, STRIP_BUCKETS, StatsView } from './ui/stats-view.js';

const GRID_CELLS = 400;
const RENDER_EVERY_MS = 500;
// The frontend is rolled out too: re-read which frontend pod and version serve this page.
const FRONTEND_INFO_EVERY_MS = 10_000;

const stats = new ScoreboardStats(STRIP_BUCKETS * STRIP_BUCKET_MS);
const grid = new GridView(byId('grid'), GRID_CELLS);
const podNotes = new Map<string, string[]>();
const statsView = new StatsView(stats, podNotes);
const identity = new IdentityView();
const announcerRegion = byId('announcer');
const announcer = new RolloutAnnouncer((text) => {
  announcerRegion.textContent = text;
});
const faults = new FaultControls((pod, state) => {
  podNotes.set(pod, [...new Set([...(podNotes.get(pod) ?? []), ...faultNotes(state)])]);
});

const rateInput = byId<HTMLInputElement>('rate');
const windowSelect = byId<HTMLSelectElement>('window');
const pauseButton = byId<HTMLButtonElement>('pause');

const loop = new RequestLoop((sample, info) => {
  stats.record(sample);
  const version = sample.outcome.kind === 'ok' ? sample.outcome.version : undefined;
  grid.add(sample, version === undefined ? -1 : stats.versionOrder().indexOf(version));
  announcer.observe(sample.outcome);
  if (info) {
    podNotes.set(info.pod, info.faultNotes);
    identity.showApi(info);
    faults.setAvailable(info.faultInjection);
  }
}, Number(rateInput.value));

const windowMs = (): number => Number(windowSelect.value) * 1000;
const render = (): void => statsView.render(Date.now(), windowMs());

rateInput.addEventListener('change', () => {
  loop.setRate(Number(rateInput.value));
  rateInput.value = String(loop.currentRate);
});
windowSelect.addEventListener('change', render);
pauseButton.addEventListener('click', () => {
  if (loop.running) loop.stop();
  else loop.start();
  pauseButton.textContent = loop.running ? 'Pause' : 'Resume';
});

async function loadFrontendInfo(): Promise<void> {
  try {
    const response = await fetch('/info', { cache: 'no-store' });
    const info = response.ok ? readAppInfo(await response.json()) : undefined;
    if (info) identity.showFrontend(info);
    else identity.showFrontendUnavailable();
  } catch {
    identity.showFrontendUnavailable();
  }
}

void loadFrontendInfo();
setInterval(() => void loadFrontendInfo(), FRONTEND_INFO_EVERY_MS);
faults.start();
new Guestbook().start();
loop.start();
setInterval(render, RENDER_EVERY_MS);
render();
