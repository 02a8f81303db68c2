import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppName } from './processes';
import { repoRoot } from './repo';

/**
 * The container memory limit the rendered manifests give `app` (`manifests/dist/<env>`), in
 * `docker run --memory` form (`256Mi` → `256m`), so the containers here run inside the same budget.
 */
export function manifestMemoryLimit(app: AppName, env = 'dev'): string {
  const file = path.join(repoRoot(), 'manifests', 'dist', env, `deployment-${app}.yaml`);
  const yaml = readFileSync(file, 'utf8');
  const limits = yaml.slice(yaml.indexOf('limits:'));
  const match = /^\s*memory:\s*"?(\d+)(Mi|Gi)"?\s*$/m.exec(limits);
  if (!yaml.includes('limits:') || !match) throw new Error(`no memory limit in ${file}`);
  return `${match[1]}${match[2] === 'Gi' ? 'g' : 'm'}`;
}
