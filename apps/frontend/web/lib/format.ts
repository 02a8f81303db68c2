// Number and time formatting shared by the page's panels.

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** One decimal below 10 ms, whole milliseconds above. */
function milliseconds(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : `${milliseconds(ms)} ms`;
}

/** "7.3 / 21 ms": two latencies with one unit, short enough for the headline. */
export function formatLatencyPair(p50: number | undefined, p99: number | undefined): string {
  if (p50 === undefined || p99 === undefined) return '–';
  return `${milliseconds(p50)} / ${milliseconds(p99)} ms`;
}

/** "3 s ago", "2 min ago": how long since a pod last answered. */
export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

/** Local wall-clock time hh:mm:ss. */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour12: false });
}
