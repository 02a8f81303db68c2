// The analysis that judges a release by its own metrics: what the Argo Rollouts AnalysisTemplate
// of the api will query, defined once. The e2e proof (e2e/scripts/test-analysis.ts) evaluates the
// same data against a real Prometheus.
import { ofVersion, REQUESTS, selector, USER_TRAFFIC } from './promql.js';

/** Argo Rollouts fills `{{args.<name>}}` in a query from the AnalysisRun's arguments. */
export const ANALYSIS_ARGS = ['namespace', 'version'] as const;
export type AnalysisArgs = Record<(typeof ANALYSIS_ARGS)[number], string>;

export interface AnalysisMetric {
  /** Metric name in the AnalysisTemplate (lower-case, dashes). */
  name: string;
  /** What it measures, for people reading the AnalysisRun. */
  description: string;
  /** PromQL with `{{args.namespace}}` and `{{args.version}}`; returns one sample. */
  query: string;
  /** The measurement passes when the value is at most this (a ratio or seconds). */
  max: number;
  /** Seconds between measurements (`interval`). */
  intervalS: number;
  /** Measurements taken (`count`). */
  count: number;
  /** Failed measurements tolerated; one more fails the analysis (`failureLimit`). */
  failureLimit: number;
}

const api = (...more: string[]) =>
  selector('job="api"', 'namespace="{{args.namespace}}"', USER_TRAFFIC, ...more);
const version = selector('job="api"', 'version="{{args.version}}"');
/** Over the last minute: a scrape interval of up to 15 s still leaves four samples. */
const WINDOW = '1m';

export const analysisMetrics: AnalysisMetric[] = [
  {
    name: 'error-ratio',
    description: 'Share of user requests the version answered with a 5xx.',
    // `or vector(0)`: a version that never answered a 5xx has no 5xx series at all, and an empty
    // result would be an analysis error instead of the ratio 0.
    query:
      `(sum(${ofVersion(`rate(${REQUESTS}_count${api('status=~"5.."')}[${WINDOW}])`, version)}) or vector(0))` +
      ` / sum(${ofVersion(`rate(${REQUESTS}_count${api()}[${WINDOW}])`, version)})`,
    max: 0.05,
    intervalS: 5,
    count: 4,
    failureLimit: 1,
  },
  {
    name: 'p99-latency',
    description: '99th percentile of the version’s user request duration, in seconds.',
    query: `histogram_quantile(0.99, sum by (le) (${ofVersion(`rate(${REQUESTS}_bucket${api()}[${WINDOW}])`, version)}))`,
    max: 1,
    intervalS: 5,
    count: 4,
    failureLimit: 1,
  },
];

/** The query with the AnalysisRun's arguments filled in, as Argo Rollouts does. */
export function analysisQuery(metric: AnalysisMetric, args: AnalysisArgs): string {
  return metric.query.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (whole, name: string) => {
    const value = (args as Record<string, string>)[name];
    if (value === undefined) throw new Error(`${metric.name}: no argument ${name} for ${whole}`);
    return value;
  });
}

/** The AnalysisTemplate's `successCondition` for the metric (Argo Rollouts' expr syntax). */
export function successCondition(metric: AnalysisMetric): string {
  return `result[0] <= ${metric.max}`;
}

export type MeasurementPhase = 'Successful' | 'Failed' | 'Error';

/**
 * One measurement as Argo Rollouts judges `successCondition`: true passes, false fails. NaN (0/0:
 * no request reached the version in the window) compares false, so it fails too; an empty result
 * has no `result[0]` and is an error.
 */
export function judge(metric: AnalysisMetric, value: number | undefined): MeasurementPhase {
  if (value === undefined) return 'Error';
  return value <= metric.max ? 'Successful' : 'Failed';
}

/** Argo Rollouts' default `consecutiveErrorLimit`. */
export const CONSECUTIVE_ERROR_LIMIT = 4;

export type AnalysisPhase = 'Running' | MeasurementPhase;

/**
 * A metric's phase after the measurements so far: Failed as soon as more than `failureLimit`
 * measurements failed, Error after more than `CONSECUTIVE_ERROR_LIMIT` errors in a row, Successful
 * once `count` measurements that were not errors are in without either (a query that keeps
 * failing must not pass by running out the count).
 */
export function outcome(metric: AnalysisMetric, phases: MeasurementPhase[]): AnalysisPhase {
  if (phases.filter((p) => p === 'Failed').length > metric.failureLimit) return 'Failed';
  const lastOk = phases.findLastIndex((p) => p !== 'Error');
  if (phases.length - 1 - lastOk > CONSECUTIVE_ERROR_LIMIT) return 'Error';
  return phases.filter((p) => p !== 'Error').length >= metric.count ? 'Successful' : 'Running';
}
