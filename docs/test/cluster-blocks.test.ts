// The offline replay of `bash cluster` blocks (run on the guide by runnable-blocks.test.ts) on
// small blocks with known answers: each rule the API server, kubectl or Helm enforces fails a
// block that breaks it, and the list of commands that cannot be replayed stays true.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQuantity } from './support/api-server-rules';
import { missingFromPath, pinnedCliToolsBin } from './support/cli-tools';
import { findUnchecked, replayClusterBlock, syncedCluster } from './support/cluster-replay';
import { classifyFence } from './support/command-blocks';
import { allDocPages, DOCS_DIR, REPO_ROOT } from './support/doc-pages';
import { OfflineCluster } from './support/offline-cluster';
import type { ReplayTools } from './support/replay-command';
import { shellCommands } from './support/shell-commands';
import { UNCHECKED_CLUSTER_COMMANDS } from './unchecked-cluster-commands';

const pinnedBin = pinnedCliToolsBin(DOCS_DIR);
const tools: ReplayTools = {
  kubectl: pinnedBin ? join(pinnedBin, 'kubectl') : 'kubectl',
  helm: pinnedBin ? join(pinnedBin, 'helm') : 'helm',
  cwd: REPO_ROOT,
};
const toolsMissing = pinnedBin ? [] : missingFromPath(process.env.PATH ?? '');
const describeWithTools = toolsMissing.length === 0 || process.env.CI ? describe : describe.skip;

let synced: OfflineCluster | undefined;
let cluster: OfflineCluster;

/** Replays `blocks` in order on the current cluster; one list of problems per block. */
function more(...blocks: string[]): string[][] {
  return blocks.map((body) =>
    replayClusterBlock(cluster, 'docs/en/fixture.md', body, tools, UNCHECKED_CLUSTER_COMMANDS),
  );
}

/** Replays `blocks` in order on a fresh cluster, as a page would. */
function replay(...blocks: string[]): string[][] {
  synced ??= syncedCluster(tools);
  cluster = structuredClone(synced);
  Object.setPrototypeOf(cluster, OfflineCluster.prototype);
  return more(...blocks);
}

const cpuOfApi = (): unknown => {
  const api = cluster.get('Deployment', 'gitops-lab-local', 'api');
  const spec = api?.spec as { template: { spec: { containers: { resources: unknown }[] } } };
  return spec.template.spec.containers[0]?.resources;
};

describe('shellCommands', () => {
  test('splits pipes, lists and background jobs, and removes quotes', () => {
    const commands = shellCommands(
      "kubectl -n a get pods -o jsonpath='{.items[0].x}{\"\\n\"}' | grep -A3 'Allocated x' && echo ok; sleep 1 &",
    );
    expect(commands.map((c) => c.words)).toEqual([
      ['kubectl', '-n', 'a', 'get', 'pods', '-o', 'jsonpath={.items[0].x}{"\\n"}'],
      ['grep', '-A3', 'Allocated x'],
      ['echo', 'ok'],
      ['sleep', '1'],
    ]);
  });

  test('joins continued lines, hands here-documents to their command, skips comments', () => {
    const commands = shellCommands(
      "helm upgrade --install a b \\\n  --wait # slow\nkubectl apply -f - <<'EOF'\nkind: X\nEOF\necho done",
    );
    expect(commands.map((c) => c.text)).toEqual([
      'helm upgrade --install a b --wait',
      "kubectl apply -f - <<'EOF'",
      'echo done',
    ]);
    expect(commands[1]?.words).toEqual(['kubectl', 'apply', '-f', '-']);
    expect(commands[1]?.stdin).toBe('kind: X');
  });
});

test('parseQuantity reads CPU and memory units', () => {
  expect(parseQuantity('500m')).toBe(0.5);
  expect(parseQuantity('8')).toBe(8);
  expect(parseQuantity('256Mi')).toBe(256 * 2 ** 20);
  expect(parseQuantity('1G')).toBe(1e9);
  expect(parseQuantity('eight')).toBeUndefined();
});

describeWithTools('replaying cluster blocks offline', () => {
  const api = 'kubectl -n gitops-lab-local';

  test('the old week-2 step fails: a CPU request above the 500m limit is refused, so nothing can be undone', () => {
    // As in week 2: the page applies the manifests itself (§5), then changes the requests (§7).
    const [apply, set, undo] = replay(
      'kubectl apply -k manifests/dist/local',
      `${api} set resources deployment/api --requests=cpu=8`,
      `${api} rollout undo deployment/api`,
    );
    expect(apply).toEqual([]);
    expect(set).toEqual([
      expect.stringMatching(
        /422 Invalid[\s\S]*Invalid value: "8": container api: cpu request must be less than or equal to cpu limit of \d+m?/,
      ),
    ]);
    expect(undo).toEqual([expect.stringMatching(/no rollout history found/)]);
  });

  test('raising requests and limits together is accepted, and undo returns to the old template', () => {
    expect(replay('kubectl apply -k manifests/dist/local')).toEqual([[]]);
    const before = cpuOfApi();
    expect(more(`${api} set resources deployment/api --requests=cpu=64 --limits=cpu=64`)).toEqual([
      [],
    ]);
    expect(cpuOfApi()).toMatchObject({ requests: { cpu: '64' }, limits: { cpu: '64' } });
    expect(more(`${api} rollout undo deployment/api`)).toEqual([[]]);
    expect(cpuOfApi()).toEqual(before);
  });

  test('a page that applies the manifests itself starts a history of its own: one undo too many fails', () => {
    const [apply, undo] = replay(
      'kubectl apply -k manifests/dist/local',
      `${api} rollout undo deployment/api`,
    );
    expect(apply).toEqual([]);
    expect(undo).toEqual([expect.stringMatching(/only one revision/)]);
  });

  test("a Deployment's selector cannot change", () => {
    const [problems] = replay(
      `${api} patch deployment api --type merge -p '{"spec":{"selector":{"matchLabels":{"tier":"x"}},"template":{"metadata":{"labels":{"tier":"x"}}}}}'`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/spec\.selector: Invalid value: field is immutable/),
    ]);
  });

  test('a selector must match the pod template labels', () => {
    const [problems] = replay(
      `kubectl create namespace lab\nkubectl -n lab create deployment web --image=nginx:1.27\nkubectl -n lab patch deployment web --type merge -p '{"spec":{"template":{"metadata":{"labels":{"app":"other"}}}}}'`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/`selector` does not match template `labels`/),
    ]);
  });

  test("a StatefulSet's serviceName cannot change", () => {
    const [problems] = replay(
      `${api} patch statefulset postgres --type merge -p '{"spec":{"serviceName":"other"}}'`,
    );
    expect(problems).toEqual([expect.stringMatching(/Forbidden: updates to statefulset spec/)]);
  });

  test('the schema is checked (kubernetes-models)', () => {
    const [problems] = replay(
      `${api} patch deployment api --type merge -p '{"spec":{"replicas":"three"}}'`,
    );
    expect(problems).toEqual([expect.stringMatching(/Deployment\/api: .*replicas/)]);
  });

  test('objects go into namespaces that exist; create refuses what exists; delete what does not', () => {
    const [missingNamespace, existing, missing] = replay(
      'kubectl -n nowhere create deployment web --image=nginx:1.27',
      'kubectl create namespace gitops-lab-dev',
      'kubectl -n gitops-lab-dev delete deployment nothing',
    );
    expect(missingNamespace).toEqual([expect.stringMatching(/namespaces "nowhere" not found/)]);
    expect(existing).toEqual([expect.stringMatching(/already exists/)]);
    expect(missing).toEqual([expect.stringMatching(/not found/)]);
  });

  test('Helm refuses objects it does not own, until they are deleted (week 4)', () => {
    // A chart of the local environment's objects as they are: the rule is about ownership, not
    // about how a chart is templated.
    const chart = mkdtempSync(join(tmpdir(), 'docs-replay-chart-'));
    try {
      mkdirSync(join(chart, 'templates'));
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: local\nversion: 0.1.0\n');
      writeFileSync(
        join(chart, 'templates', 'local.yaml'),
        execFileSync(tools.kubectl, ['kustomize', 'manifests/dist/local'], { cwd: REPO_ROOT }),
      );
      const [refused, accepted, removed] = replay(
        `helm install guestbook ${chart}`,
        `kubectl delete -k manifests/dist/local --ignore-not-found\nhelm install guestbook ${chart}\nhelm upgrade guestbook ${chart}\nhelm rollback guestbook 1`,
        `helm uninstall guestbook\n${api} rollout undo deployment/api`,
      );
      expect(refused).toEqual([expect.stringMatching(/invalid ownership metadata/)]);
      expect(accepted).toEqual([]);
      expect(removed).toEqual([expect.stringMatching(/deployments.apps "api" not found/)]);
    } finally {
      rmSync(chart, { recursive: true, force: true });
    }
  });

  test('a script or a command the replay does not model must be listed, not skipped', () => {
    const [problems] = replay('manifests/scripts/create-db-secret.sh lab\nkubectl label pod x a=b');
    expect(problems).toEqual([
      expect.stringMatching(/a script that may change objects: list it/),
      expect.stringMatching(/does not model `kubectl label`/),
    ]);
  });

  test('a manifest from the network is not replayed', () => {
    const [problems] = replay('kubectl apply -f https://example.com/x.yaml');
    expect(problems).toEqual([expect.stringMatching(/fetched from the network/)]);
  });
});

describe('the commands listed as not checkable offline', () => {
  const pages = allDocPages();

  test.each(UNCHECKED_CLUSTER_COMMANDS.map((entry) => [entry.command, entry] as const))(
    '%s: has a reason and is still a command of each page it names',
    (_command, entry) => {
      expect(entry.reason.length).toBeGreaterThan(20);
      for (const path of entry.pages) {
        const page = pages.find((p) => p.path === path);
        const commands = (page?.doc.fences ?? [])
          .filter((fence) => {
            const kind = classifyFence(fence);
            return kind.kind === 'skip' && kind.tag === 'cluster';
          })
          .flatMap((fence) => shellCommands(fence.body));
        expect([path, commands.some((c) => findUnchecked([entry], path, c.text))]).toEqual([
          path,
          true,
        ]);
      }
    },
  );
});
