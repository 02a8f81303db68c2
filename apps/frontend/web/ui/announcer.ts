// Screen-reader announcements for the few events that matter during a rollout: a new version
// answering, requests starting to fail, and recovering. The grid itself is not read out.
import type { Sample } from '../lib/samples.js';

export class Announcer {
  private readonly seenVersions = new Set<string>();
  private failing = false;

  constructor(private readonly region: HTMLElement) {}

  observe(sample: Sample): void {
    const { outcome } = sample;
    if (outcome.kind === 'error') {
      if (!this.failing) this.say(`Requests are failing: ${outcome.reason}.`);
      this.failing = true;
      return;
    }
    if (this.failing) this.say(`Requests succeed again, answered by ${outcome.version}.`);
    this.failing = false;
    if (!this.seenVersions.has(outcome.version)) {
      this.seenVersions.add(outcome.version);
      this.say(`Version ${outcome.version} is answering, from pod ${outcome.pod}.`);
    }
  }

  private say(text: string): void {
    this.region.textContent = text;
  }
}
