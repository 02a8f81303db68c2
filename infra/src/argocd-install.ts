// Argo CD is installed from the upstream chart pinned in argocd/install/chart.json with the
// values in argocd/install/values.yaml: the same two files the kind script uses, so the
// cloud and the laptop run the same Argo CD.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ArgoCdChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
}

export interface ArgoCdInstall {
  readonly chart: ArgoCdChart;
  readonly values: Record<string, unknown>;
}

/** The Helm release name: with the chart's `nameOverride: argocd` it yields `argocd-server`. */
export const ARGOCD_RELEASE = 'argocd';

export function readArgoCdInstall(root: string): ArgoCdInstall {
  const chartPath = join(root, 'argocd', 'install', 'chart.json');
  const valuesPath = join(root, 'argocd', 'install', 'values.yaml');
  const chart = JSON.parse(readFileSync(chartPath, 'utf8')) as Partial<ArgoCdChart>;
  for (const key of ['repository', 'chart', 'version', 'namespace'] as const) {
    if (typeof chart[key] !== 'string' || chart[key] === '') {
      throw new Error(`${chartPath}: "${key}" must be a non-empty string`);
    }
  }
  if (!/^\d+\.\d+\.\d+$/.test(chart.version ?? '')) {
    throw new Error(
      `${chartPath}: "version" must pin an exact chart version, got ${chart.version}`,
    );
  }
  if (!existsSync(valuesPath)) {
    throw new Error(
      `${valuesPath} is missing: the Argo CD Helm values live there (argocd workspace); restore it before synthesising`,
    );
  }
  const values = parse(readFileSync(valuesPath, 'utf8')) ?? {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new Error(`${valuesPath}: expected a YAML mapping of Helm values`);
  }
  return { chart: chart as ArgoCdChart, values: values as Record<string, unknown> };
}
