// How a version is drawn: its colour from the api, plus a fill pattern picked by the order the
// version was first seen, so two versions are told apart without relying on colour alone.

/** Number of distinct patterns in styles.css (`.pattern-0` … `.pattern-5`). */
export const PATTERN_COUNT = 6;

export function patternClass(versionIndex: number): string {
  return `pattern-${((versionIndex % PATTERN_COUNT) + PATTERN_COUNT) % PATTERN_COUNT}`;
}

// Same rule as the servers' APP_COLOR validation: hex colours or a CSS colour name.
const SAFE_COLOR = /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$/;
const FALLBACK_COLOR = '#6b7280';

/** The api's colour if it is a plain colour value, grey otherwise (never arbitrary CSS). */
export function safeColor(color: unknown): string {
  return typeof color === 'string' && SAFE_COLOR.test(color) ? color : FALLBACK_COLOR;
}
