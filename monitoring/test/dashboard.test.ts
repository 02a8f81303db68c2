// The committed rollout dashboard: equal to a fresh render, and per version on every panel.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dataquery as PrometheusQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import { ROLLOUT_DASHBOARD_UID, rolloutDashboard } from '../src/dashboard';
import { dashboardExpressions, substituteVariables } from '../src/dashboard-queries';
import { DASHBOARDS_DIR, driftedDashboards } from '../src/render';

const dashboard = rolloutDashboard();
const panels = (dashboard.panels ?? []) as Panel[];

describe('drift check (like synth:check)', () => {
  test('monitoring/dashboards equals a fresh render', () => {
    expect(driftedDashboards()).toEqual([]);
  });

  test('an edited or missing file is reported (negative control)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dashboards-'));
    try {
      expect(driftedDashboards(dir)).toEqual(['rollout.json']);
      copyFileSync(path.join(DASHBOARDS_DIR, 'rollout.json'), path.join(dir, 'rollout.json'));
      expect(driftedDashboards(dir)).toEqual([]);
      writeFileSync(path.join(dir, 'rollout.json'), '{"title":"edited by hand"}\n');
      expect(driftedDashboards(dir)).toEqual(['rollout.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the dashboard', () => {
  test('has a fixed uid, so Grafana updates it in place instead of adding a copy', () => {
    expect(dashboard.uid).toBe(ROLLOUT_DASHBOARD_UID);
    expect(dashboard).not.toHaveProperty('id');
  });

  test('shows the four views of a rollout, each with its unit', () => {
    expect(panels.map((p) => [p.title, p.fieldConfig?.defaults?.unit])).toEqual([
      ['Requests per second by version', 'reqps'],
      ['Error ratio by version', 'percentunit'],
      ['Latency p50 / p99 by version', 's'],
      ['Ready pods by version', 'short'],
    ]);
  });

  test('splits every panel query by version and labels the series with it', () => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const { expr, legendFormat } = target as PrometheusQuery;
        expect(expr).toMatch(/^\(?(sum|histogram_quantile\([\d.]+,\s*sum) by \(version\b/);
        expect(legendFormat).toMatch(/^\{\{version\}\}/);
      }
    }
  });

  test('asks for the data source, the app and the namespace instead of hard-coding them', () => {
    expect(dashboard.templating?.list?.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'],
      ['job', 'custom'],
      ['namespace', 'query'],
    ]);
    for (const panel of panels) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  test('uses no Grafana variable it does not define (or Grafana built-ins)', () => {
    const defined = Object.fromEntries(
      [...(dashboard.templating?.list ?? []).map((v) => v.name), '__rate_interval'].map((n) => [
        n,
        n,
      ]),
    );
    for (const { expr } of dashboardExpressions(dashboard)) {
      expect(() => substituteVariables(expr, defined)).not.toThrow();
    }
    expect(() => substituteVariables('x{a="$undefined"}', defined)).toThrow(/\$undefined/);
  });
});
