// Screen-reader announcements for the few events that matter during a rollout: a new version
// answering, requests starting to fail, and recovering. The grid itself is not read out.

/** Successes in a row before "succeed again" is announced: a release failing half its requests
 * must not make the screen reader flip between "failing" and "recovered" on every request. */
export const RECOVERED_AFTER = 10;

export type AnnouncedOutcome =
  | { kind: 'ok'; version: string; pod: string }
  | { kind: 'error'; reason: string };

export class RolloutAnnouncer {
  private readonly seenVersions = new Set<string>();
  private failing = false;
  private successesInARow = 0;

  constructor(private readonly say: (text: string) => void) {}

  observe(outcome: AnnouncedOutcome): void {
    if (outcome.kind === 'error') {
      if (!this.failing) this.say(`Requests are failing: ${outcome.reason}.`);
      this.failing = true;
      this.successesInARow = 0;
      return;
    }
    this.successesInARow += 1;
    if (this.failing && this.successesInARow >= RECOVERED_AFTER) {
      this.failing = false;
      this.say(`Requests succeed again, answered by ${outcome.version}.`);
    }
    if (!this.seenVersions.has(outcome.version)) {
      this.seenVersions.add(outcome.version);
      this.say(`Version ${outcome.version} is answering, from pod ${outcome.pod}.`);
    }
  }
}
