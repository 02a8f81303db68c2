// Where the GitOps files live in the repository (docs/architecture.md, "GitOps").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAppImages } from './config-file.js';
import type { KnownApps } from './inputs.js';

export const CONFIG_DIR = 'manifests/config';

export function configPath(environment: string): string {
  return `${CONFIG_DIR}/${environment}.json`;
}

/** The files a bump may commit: the config, the env's rendered manifests, the Helm chart. */
export function committedPaths(repoRoot: string, environment: string): string[] {
  const paths = [configPath(environment), `manifests/dist/${environment}`, 'manifests/helm'];
  return paths.filter((path) => existsSync(join(repoRoot, path)));
}

/** Every environment with a config file, and the apps each one declares. */
export function knownApps(repoRoot: string): KnownApps {
  const dir = join(repoRoot, CONFIG_DIR);
  const known: KnownApps = new Map();
  if (!existsSync(dir)) return known;
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const environment = file.slice(0, -'.json'.length);
    const path = configPath(environment);
    const images = readAppImages(readFileSync(join(repoRoot, path), 'utf8'), path);
    known.set(environment, [...images.keys()]);
  }
  return known;
}
