// The PromQL inside a rendered dashboard, and Grafana's variables filled in, so that a parser or a
// real Prometheus can take it.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

export interface DashboardExpression {
  /** Panel title and query refId, or the variable name. */
  where: string;
  expr: string;
}

/** Grafana's `label_values(<selector>, <label>)`: not PromQL, but its selector is. */
const LABEL_VALUES = /^label_values\((.*),\s*\w+\)$/;

/** Every PromQL expression of `dashboard`: panel targets and query variables. */
export function dashboardExpressions(dashboard: Dashboard): DashboardExpression[] {
  const found: DashboardExpression[] = [];
  for (const panel of dashboard.panels ?? []) {
    if (!('targets' in panel)) continue;
    for (const [index, target] of (panel.targets ?? []).entries()) {
      const expr = (target as { expr?: unknown }).expr;
      if (typeof expr === 'string') found.push({ where: `${panel.title} #${index + 1}`, expr });
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query' || typeof variable.query !== 'string') continue;
    const selector = LABEL_VALUES.exec(variable.query)?.[1];
    found.push({ where: `variable ${variable.name}`, expr: selector ?? variable.query });
  }
  return found;
}

/**
 * Replaces `$name`, `${name}` and `[[name]]` with `values[name]`, as Grafana does before it sends
 * a query; an unknown variable throws, so a renamed variable cannot slip through.
 */
export function substituteVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(
    /\$\{(\w+)\}|\[\[(\w+)\]\]|\$(\w+)/g,
    (whole, braced?: string, bracketed?: string, bare?: string) => {
      const name = braced ?? bracketed ?? bare ?? '';
      const value = values[name];
      if (value === undefined) throw new Error(`no value for Grafana variable ${whole} in ${expr}`);
      return value;
    },
  );
}
