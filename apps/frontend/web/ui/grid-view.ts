// The scrolling grid: one cell per request, newest last; the oldest cells drop off the start.
import { formatMs } from '../lib/format.js';
import type { Sample } from '../lib/samples.js';
import { patternClass } from '../lib/version-style.js';
import { el } from './dom.js';

export class GridView {
  constructor(
    private readonly container: HTMLElement,
    private readonly capacity: number,
  ) {}

  /** @param versionIndex first-seen order of the answering version (picks the fill pattern). */
  add(sample: Sample, versionIndex: number): void {
    const { outcome } = sample;
    let cell: HTMLElement;
    if (outcome.kind === 'ok') {
      cell = el('span', {
        className: `cell ${patternClass(versionIndex)}`,
        attrs: { title: `${outcome.version} · ${outcome.pod} · ${formatMs(sample.latencyMs)}` },
      });
      // Set through the CSSOM, which the Content-Security-Policy allows (inline style attributes it would not).
      cell.style.backgroundColor = outcome.color;
      cell.dataset.version = outcome.version;
    } else {
      cell = el('span', {
        className: 'cell cell-error',
        text: '✕',
        attrs: {
          title: `failed: ${outcome.reason}${outcome.pod ? ` from ${outcome.pod}` : ''} · ${formatMs(sample.latencyMs)}`,
        },
      });
    }
    this.container.append(cell);
    while (this.container.childElementCount > this.capacity)
      this.container.firstElementChild?.remove();
  }
}
