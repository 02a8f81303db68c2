// Every PromQL expression the repo ships, parsed by the Prometheus project's grammar: the committed
// dashboard's queries (after Grafana's variables are filled in) and the analysis queries (after
// Argo Rollouts' arguments are).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { analysisMetrics, analysisQuery } from '../src/analysis';
import { dashboardExpressions, substituteVariables } from '../src/dashboard-queries';
import { DASHBOARDS_DIR } from '../src/render';
import { GRAFANA_VALUES, promqlErrors } from './support/promql';

const committed = JSON.parse(
  readFileSync(path.join(DASHBOARDS_DIR, 'rollout.json'), 'utf8'),
) as Dashboard;
const dashboardExprs = dashboardExpressions(committed);

describe('the parser catches what it must (negative controls)', () => {
  test.each([
    ['an unclosed grouping', 'sum by (version (rate(x[1m]))'],
    ['a range without a duration', 'rate(x[])'],
    ['a binary operator with no right side', 'sum(x) /'],
    ['a Grafana variable left in', 'rate(x[$__rate_interval])'],
    ['an Argo Rollouts argument left in', 'x{version={{args.version}}}'],
  ])('%s is an error', (_why, expr) => {
    expect(promqlErrors(expr)).not.toEqual([]);
  });

  test('a well-formed query is not', () => {
    expect(promqlErrors('sum by (le) (rate(x_bucket{a="b"}[1m]))')).toEqual([]);
  });
});

describe('the rollout dashboard', () => {
  test('has the five panel queries and the namespace variable’s selector', () => {
    expect(dashboardExprs.map((e) => e.where)).toEqual([
      'Requests per second by version #1',
      'Error ratio by version #1',
      'Latency p50 / p99 by version #1',
      'Latency p50 / p99 by version #2',
      'Ready pods by version #1',
      'variable namespace',
    ]);
  });

  test.each(dashboardExprs.map((e) => [e.where, e.expr]))('%s parses', (_where, expr) => {
    expect(promqlErrors(substituteVariables(expr, GRAFANA_VALUES))).toEqual([]);
  });
});

describe('the analysis queries', () => {
  test.each(analysisMetrics.map((m) => [m.name, m]))('%s parses', (_name, metric) => {
    const query = analysisQuery(metric, { namespace: 'gitops-lab-dev', version: 'sha-1a2b3c4' });
    expect(promqlErrors(query)).toEqual([]);
  });
});
