// The analysis as data: arguments filled in like Argo Rollouts does, and measurements judged by its
// rules (successCondition, failureLimit, consecutiveErrorLimit, count).
import {
  type AnalysisMetric,
  analysisMetrics,
  analysisQuery,
  judge,
  outcome,
  successCondition,
} from '../src/analysis';

const errorRatio = analysisMetrics.find((m) => m.name === 'error-ratio') as AnalysisMetric;

test('measures the error ratio and the p99 of one version', () => {
  expect(analysisMetrics.map((m) => [m.name, successCondition(m)])).toEqual([
    ['error-ratio', 'result[0] <= 0.05'],
    ['p99-latency', 'result[0] <= 1'],
  ]);
});

test('fills every argument and leaves no placeholder', () => {
  for (const metric of analysisMetrics) {
    const query = analysisQuery(metric, { namespace: 'gitops-lab-dev', version: 'sha-1a2b3c4' });
    expect(query).toContain('version="sha-1a2b3c4"');
    expect(query).toContain('namespace="gitops-lab-dev"');
    expect(query).not.toContain('{{');
  }
});

test('a missing argument is an error, not an empty label', () => {
  expect(() => analysisQuery(errorRatio, { namespace: 'x' } as never)).toThrow(/argument version/);
});

test('judges one measurement as Argo Rollouts does', () => {
  expect(judge(errorRatio, 0)).toBe('Successful');
  expect(judge(errorRatio, 0.05)).toBe('Successful');
  expect(judge(errorRatio, 0.3)).toBe('Failed');
  expect(judge(errorRatio, Number.NaN)).toBe('Failed');
  expect(judge(errorRatio, undefined)).toBe('Error');
});

describe('outcome', () => {
  test('runs until count measurements are in, then succeeds', () => {
    expect(outcome(errorRatio, ['Successful'])).toBe('Running');
    expect(outcome(errorRatio, Array(errorRatio.count).fill('Successful'))).toBe('Successful');
  });

  test('tolerates failureLimit failures and fails on the next one', () => {
    const tolerated = Array(errorRatio.failureLimit).fill('Failed');
    expect(outcome(errorRatio, tolerated)).toBe('Running');
    expect(outcome(errorRatio, [...tolerated, 'Failed'])).toBe('Failed');
  });

  test('ends in Error after more than four errors in a row', () => {
    expect(outcome(errorRatio, ['Successful', 'Error', 'Error', 'Error', 'Error'])).toBe('Running');
    expect(outcome(errorRatio, ['Error', 'Error', 'Error', 'Error', 'Error'])).toBe('Error');
  });
});
