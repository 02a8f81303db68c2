import { RECOVERED_AFTER, RolloutAnnouncer } from '../../web/lib/announcements';

describe('RolloutAnnouncer', () => {
  const ok = (version: string) => ({ kind: 'ok' as const, version, pod: `pod-${version}` });
  const failed = { kind: 'error' as const, reason: 'HTTP 502' };

  it('announces each new version once', () => {
    const said: string[] = [];
    const announcer = new RolloutAnnouncer((text) => said.push(text));
    for (const version of ['v1', 'v1', 'v2', 'v1', 'v2']) announcer.observe(ok(version));
    expect(said).toEqual([
      'Version v1 is answering, from pod pod-v1.',
      'Version v2 is answering, from pod pod-v2.',
    ]);
  });

  it(`announces failing once, and recovery only after ${RECOVERED_AFTER} successes in a row`, () => {
    const said: string[] = [];
    const announcer = new RolloutAnnouncer((text) => said.push(text));
    announcer.observe(ok('v1'));
    said.length = 0;
    // A release failing every other request: one "failing", no flip-flopping.
    for (let i = 0; i < 20; i++) announcer.observe(i % 2 ? ok('v1') : failed);
    expect(said).toEqual(['Requests are failing: HTTP 502.']);
    for (let i = 0; i < RECOVERED_AFTER; i++) announcer.observe(ok('v1'));
    expect(said).toEqual([
      'Requests are failing: HTTP 502.',
      'Requests succeed again, answered by v1.',
    ]);
  });
});
