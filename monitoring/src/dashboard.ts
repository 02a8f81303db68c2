// The rollout dashboard, built with Grafana's foundation SDK. `npm run render` writes it to
// dashboards/rollout.json, the file the Grafana sidecar loads (through the ConfigMap that
// dashboards/kustomization.yaml generates); a test fails when the two differ.
import {
  StackingConfigBuilder,
  StackingMode,
  VisibilityMode,
} from '@grafana/grafana-foundation-sdk/common';
import {
  CustomVariableBuilder,
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { REQUESTS, selector, USER_TRAFFIC, withVersion } from './promql.js';

export const ROLLOUT_DASHBOARD_UID = 'gitops-lab-rollout';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const app = (...more: string[]) => selector('job="$job"', 'namespace="$namespace"', ...more);
/** The version of each pod, from the app's own build info. */
const buildInfo = app();
const requests = (...more: string[]) =>
  withVersion(`rate(${REQUESTS}_count${app(USER_TRAFFIC, ...more)}[$__rate_interval])`, buildInfo);
const latency = (quantile: number) =>
  `histogram_quantile(${quantile}, sum by (version, le) (${withVersion(
    `rate(${REQUESTS}_bucket${app(USER_TRAFFIC)}[$__rate_interval])`,
    buildInfo,
  )}))`;

/** Every query of the dashboard, by panel: the e2e proof runs these against a real Prometheus. */
export const rolloutQueries = {
  requestsPerSecond: `sum by (version) (${requests()})`,
  // A version without a single 5xx has no 5xx series: `or … * 0` gives it a 0 instead of no line.
  errorRatio: `(sum by (version) (${requests('status=~"5.."')}) or sum by (version) (${requests()}) * 0) / sum by (version) (${requests()})`,
  latencyP50: latency(0.5),
  latencyP99: latency(0.99),
  // kube-state-metrics says which pods are ready; app_build_info which version each one runs.
  readyPods: `sum by (version) (${withVersion(
    'kube_pod_status_ready{namespace="$namespace", condition="true"}',
    buildInfo,
  )})`,
} as const;

const query = (expr: string, legend: string) =>
  new DataqueryBuilder().expr(expr).legendFormat(legend).datasource(DATASOURCE);

const panel = (title: string, description: string, unit: string) =>
  new PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .unit(unit)
    .min(0)
    .height(8)
    .span(12)
    .showPoints(VisibilityMode.Never);

export function rolloutDashboard(): Dashboard {
  return new DashboardBuilder('GitOps Lab / Rollout')
    .uid(ROLLOUT_DASHBOARD_UID)
    .description('One app during a rollout: traffic, errors, latency and ready pods per version.')
    .tags(['gitops-lab', 'rollout'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' })
    .timezone('browser')
    .withVariable(
      new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    )
    .withVariable(
      new CustomVariableBuilder('job')
        .label('App')
        .values('api,frontend')
        .current({ text: 'api', value: 'api' }),
    )
    .withVariable(
      new QueryVariableBuilder('namespace')
        .label('Namespace')
        .datasource(DATASOURCE)
        .query('label_values(app_build_info{job="$job"}, namespace)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc),
    )
    .withPanel(
      panel(
        'Requests per second by version',
        'User requests (not probes or scrapes) answered by each version: the traffic moving over.',
        'reqps',
      )
        .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
        .fillOpacity(30)
        .withTarget(query(rolloutQueries.requestsPerSecond, '{{version}}')),
    )
    .withPanel(
      panel(
        'Error ratio by version',
        'Share of user requests answered with a 5xx. The rollout analysis fails a version above 5 %.',
        'percentunit',
      ).withTarget(query(rolloutQueries.errorRatio, '{{version}}')),
    )
    .withPanel(
      panel(
        'Latency p50 / p99 by version',
        'Request duration percentiles from the histogram. The analysis fails a p99 above 1 s.',
        's',
      )
        .withTarget(query(rolloutQueries.latencyP50, '{{version}} p50'))
        .withTarget(query(rolloutQueries.latencyP99, '{{version}} p99')),
    )
    .withPanel(
      panel(
        'Ready pods by version',
        'Pods whose readiness probe passes (kube-state-metrics), by the version they run.',
        'short',
      )
        .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
        .fillOpacity(30)
        .decimals(0)
        .withTarget(query(rolloutQueries.readyPods, '{{version}}')),
    )
    .build();
}
