// The Prometheus project's own PromQL grammar (the parser of the Prometheus UI's editor).
import { parser } from '@prometheus-io/lezer-promql';

/** Where the parser found an error in `expr` ("" when it parsed cleanly). */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(
          `at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`,
        );
      }
    },
  });
  return errors;
}

/** The values the tests give Grafana's variables: what Grafana would send for one app. */
export const GRAFANA_VALUES = {
  datasource: 'prometheus',
  job: 'api',
  namespace: 'gitops-lab-dev',
  __rate_interval: '1m',
};
