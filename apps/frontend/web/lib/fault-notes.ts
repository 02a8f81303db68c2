// What an api pod reports as broken on purpose (the `faults` object of /api/info), in words for
// the pods table, so a failing release or an instructor's fault is explained on screen.

export function faultNotes(faults: unknown): string[] {
  if (typeof faults !== 'object' || faults === null) return [];
  const f = faults as Record<string, unknown>;
  const notes: string[] = [];
  if (f.ready === false) notes.push('made unready');
  if (f.neverReady === true) notes.push('never ready');
  if (f.healthy === false) notes.push('liveness failing');
  if (typeof f.errorRate === 'number' && f.errorRate > 0) {
    notes.push(`${Math.round(f.errorRate * 100)} % injected errors`);
  }
  if (typeof f.latencyMs === 'number' && f.latencyMs > 0) {
    notes.push(`+${f.latencyMs} ms injected latency`);
  }
  return notes;
}
