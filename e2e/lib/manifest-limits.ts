import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppName } from './processes';
import { repoRoot } from './repo';

export interface MemoryBudget {
  requestMi: number;
  limitMi: number;
}

/** A `memory:` quantity of `block` (the text after `requests:` or `limits:`) in MiB. */
function memoryMi(block: string, file: string, which: string): number {
  const match = /^\s*memory:\s*"?(\d+)(Mi|Gi)"?\s*$/m.exec(block);
  if (!match) throw new Error(`no memory ${which} in ${file}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** The container memory request and limit the rendered manifests give `app` (`manifests/dist/<env>`). */
export function manifestMemory(app: AppName, env = 'dev'): MemoryBudget {
  const file = path.join(repoRoot(), 'manifests', 'dist', env, `deployment-${app}.yaml`);
  const yaml = readFileSync(file, 'utf8');
  const limits = yaml.indexOf('limits:');
  const requests = yaml.indexOf('requests:');
  if (limits < 0 || requests < 0) throw new Error(`no resources in ${file}`);
  return {
    requestMi: memoryMi(yaml.slice(requests), file, 'request'),
    limitMi: memoryMi(yaml.slice(limits), file, 'limit'),
  };
}

/** The manifests' memory limit of `app` in `docker run --memory` form, so containers here run inside it. */
export function manifestMemoryLimit(app: AppName, env = 'dev'): string {
  return `${manifestMemory(app, env).limitMi}m`;
}
