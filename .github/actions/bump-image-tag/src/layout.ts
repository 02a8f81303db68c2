// Where the GitOps files live in the repository (docs/architecture.md, "GitOps").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EnvironmentConfig, readConfig } from './config-file.js';

export const CONFIG_DIR = 'manifests/config';

export function configPath(environment: string): string {
  return `${CONFIG_DIR}/${environment}.json`;
}

/** The files a bump may commit: the configs, the envs' rendered manifests, the Helm chart. */
export function committedPaths(repoRoot: string, environments: string[]): string[] {
  const paths = [
    ...environments.map(configPath),
    ...environments.map((environment) => `manifests/dist/${environment}`),
    'manifests/helm',
  ];
  return paths.filter((path) => existsSync(join(repoRoot, path)));
}

/** Every environment with a config file, as the checkout has it. */
export function readEnvironments(repoRoot: string): Map<string, EnvironmentConfig> {
  const dir = join(repoRoot, CONFIG_DIR);
  const environments = new Map<string, EnvironmentConfig>();
  if (!existsSync(dir)) return environments;
  for (const file of readdirSync(dir).sort()) {
    // schema.json describes the config files; it is not an environment.
    if (!file.endsWith('.json') || file === 'schema.json') continue;
    const environment = file.slice(0, -'.json'.length);
    const path = configPath(environment);
    environments.set(environment, readConfig(readFileSync(join(repoRoot, path), 'utf8'), path));
  }
  return environments;
}
