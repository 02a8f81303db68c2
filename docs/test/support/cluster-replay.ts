// Replays the `bash cluster` blocks of a page, in page order, against an OfflineCluster: every
// command that changes objects is replayed with kubectl's and helm's offline modes and checked with
// the API server's rules, unless unchecked-cluster-commands.ts lists it with its reason.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { UncheckedCommand } from '../unchecked-cluster-commands';
import type { KubeObject } from './api-server-rules';
import { ClusterError, OfflineCluster } from './offline-cluster';
import { commandEffect, kustomize, type ReplayTools, replayCommand } from './replay-command';
import { shellCommands } from './shell-commands';

/** The cluster a page starts from: Argo CD has synced every environment in manifests/dist. */
export function syncedCluster(tools: ReplayTools): OfflineCluster {
  const dist = join(tools.cwd, 'manifests', 'dist');
  const environments = readdirSync(dist, { withFileTypes: true }).filter((e) => e.isDirectory());
  return new OfflineCluster(environments.flatMap((env) => kustomize(join(dist, env.name), tools)));
}

export function findUnchecked(
  unchecked: readonly UncheckedCommand[],
  page: string,
  command: string,
): UncheckedCommand | undefined {
  return unchecked.find((entry) => entry.command === command && entry.pages.includes(page));
}

/** Replays one block; returns what the cluster (or kubectl, or Helm) would refuse, one line each. */
export function replayClusterBlock(
  cluster: OfflineCluster,
  page: string,
  body: string,
  tools: ReplayTools,
  unchecked: readonly UncheckedCommand[],
): string[] {
  const problems: string[] = [];
  for (const command of shellCommands(body)) {
    const listed = findUnchecked(unchecked, page, command.text);
    if (listed) {
      for (const left of listed.leaves ?? []) {
        const object: KubeObject = {
          apiVersion: 'v1',
          kind: left.kind,
          metadata: {
            name: left.name,
            ...(left.namespace && { namespace: left.namespace }),
            ...(left.labels && { labels: left.labels }),
          },
        };
        try {
          if (!cluster.get(left.kind, left.namespace, left.name)) cluster.create(object);
        } catch (error) {
          if (!(error instanceof ClusterError)) throw error;
          problems.push(`${command.text}\n    what it leaves cannot exist: ${error.message}`);
        }
      }
      continue;
    }
    const effect = commandEffect(command, tools.cwd);
    if (effect === 'reads') continue;
    if (effect === 'script') {
      problems.push(
        `${command.text}\n    a script that may change objects: list it in docs/test/unchecked-cluster-commands.ts with what proves it`,
      );
      continue;
    }
    try {
      replayCommand(cluster, command, tools);
    } catch (error) {
      if (!(error instanceof ClusterError)) throw error;
      problems.push(`${command.text}\n    ${error.message.replaceAll('\n', '\n    ')}`);
    }
  }
  return problems;
}
