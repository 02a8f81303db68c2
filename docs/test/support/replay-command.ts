// Replays one command of a `bash cluster` block against an OfflineCluster, with the real kubectl
// and helm in the modes that need no server: `kubectl create … --dry-run=client -o yaml`,
// `kubectl set|patch -f FILE --local -o yaml`, `kubectl kustomize`, `helm template`. What kubectl
// would send is then checked by the cluster's API server rules. Commands that only read (get,
// describe, logs, rollout status…) change nothing and are not replayed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './api-server-rules';
import { ClusterError, isClusterScoped, type OfflineCluster } from './offline-cluster';
import type { ShellCommand } from './shell-commands';

/** How a command relates to the cluster's objects. */
export type CommandEffect =
  | 'reads' // changes no object
  | 'changes' // changes objects: replayed, or listed as not checkable offline
  | 'script'; // a repository script that calls kubectl: listed with what proves it

const KUBECTL_READS = new Set([
  'get',
  'describe',
  'logs',
  'port-forward',
  'top',
  'wait',
  'exec',
  'explain',
  'api-resources',
  'version',
  'cluster-info',
  'config',
  'kustomize',
  'auth',
  'events',
  'proxy',
  'cp',
  'attach',
]);
const ROLLOUT_READS = new Set(['status', 'history']);
const HELM_CHANGES = new Set(['install', 'upgrade', 'rollback', 'uninstall']);
const ARGOCD_APP_CHANGES = new Set([
  'create',
  'delete',
  'set',
  'sync',
  'rollback',
  'patch',
  'terminate-op',
]);

/** Resource names kubectl accepts (singular, plural, short, fully qualified) → kind. */
const KINDS: Record<string, string> = {};
for (const [kind, ...names] of [
  ['Deployment', 'deployment', 'deployments', 'deploy', 'deployments.apps'],
  ['ReplicaSet', 'replicaset', 'replicasets', 'rs'],
  ['StatefulSet', 'statefulset', 'statefulsets', 'sts'],
  ['Pod', 'pod', 'pods', 'po'],
  ['Namespace', 'namespace', 'namespaces', 'ns'],
  ['Service', 'service', 'services', 'svc'],
  ['ServiceAccount', 'serviceaccount', 'serviceaccounts', 'sa'],
  ['Secret', 'secret', 'secrets'],
  ['ConfigMap', 'configmap', 'configmaps', 'cm'],
  ['Ingress', 'ingress', 'ingresses', 'ing'],
  ['PersistentVolumeClaim', 'persistentvolumeclaim', 'persistentvolumeclaims', 'pvc'],
  ['StorageClass', 'storageclass', 'storageclasses', 'sc'],
  ['Application', 'application', 'applications', 'app', 'apps', 'applications.argoproj.io'],
  ['ApplicationSet', 'applicationset', 'applicationsets', 'applicationsets.argoproj.io'],
  ['AppProject', 'appproject', 'appprojects', 'appprojects.argoproj.io'],
] as const) {
  for (const name of names) KINDS[name] = kind;
}

function kindOf(resource: string): string {
  const kind = KINDS[resource.toLowerCase()];
  if (!kind) throw new ClusterError(`the offline replay does not know the resource "${resource}"`);
  return kind;
}

function scriptPath(words: string[]): string | undefined {
  const rest = words[0] === 'sudo' ? words.slice(1) : words;
  const file = rest[0] === 'bash' || rest[0] === 'sh' ? rest[1] : rest[0];
  return file?.endsWith('.sh') ? file : undefined;
}

/** What `npm run NAME [-w WORKSPACE]` runs: the script line of that package.json, if any. */
function npmScript(words: string[], cwd: string): string | undefined {
  if (words[0] !== 'npm' || words[1] !== 'run' || !words[2]) return undefined;
  const workspaceFlag = words.findIndex((w) => w === '-w' || w === '--workspace');
  const workspace = workspaceFlag === -1 ? undefined : words[workspaceFlag + 1];
  const root = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!workspace) return root.scripts?.[words[2]];
  const lock = JSON.parse(readFileSync(join(cwd, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { name?: string }>;
  };
  const dir = Object.entries(lock.packages).find(([, info]) => info.name === workspace)?.[0];
  if (!dir) return undefined;
  const pkg = JSON.parse(readFileSync(join(cwd, dir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return pkg.scripts?.[words[2]];
}

/** A package script that runs a shell script or a Kubernetes client changes objects like one. */
const CLUSTER_CLIENT = /\.sh\b|(?:^|[;&|]\s*)(?:kubectl|helm|argocd)\s/;

/** Splits kubectl's words into its verb, positional arguments and flags (`--a=b`, `--a b`, `-n x`). */
interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
  /** Arguments after `--`: the command a pod runs. */
  trailing: string[];
}

const BOOLEAN_FLAGS = new Set([
  '-A',
  '--all-namespaces',
  '--all',
  '--ignore-not-found',
  '--rm',
  '-i',
  '-t',
  '-it',
  '--stdin',
  '--tty',
  '--wait',
  '--create-namespace',
  '--install',
  '-w',
  '--watch',
  '--plaintext',
  '--force',
  '--local',
  '--refresh',
  '--auto-prune',
  '--self-heal',
]);

function parseArgs(words: string[]): Parsed {
  const parsed: Parsed = { positional: [], flags: new Map(), trailing: [] };
  const add = (name: string, value: string): void => {
    parsed.flags.set(name, [...(parsed.flags.get(name) ?? []), value]);
  };
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    if (word === '--') {
      parsed.trailing = words.slice(i + 1);
      break;
    }
    if (word.startsWith('-') && word !== '-') {
      const eq = word.indexOf('=');
      if (eq !== -1) add(word.slice(0, eq), word.slice(eq + 1));
      else if (BOOLEAN_FLAGS.has(word)) add(word, 'true');
      else {
        add(word, words[i + 1] ?? '');
        i += 1;
      }
    } else {
      parsed.positional.push(word);
    }
  }
  return parsed;
}

const flag = (parsed: Parsed, ...names: string[]): string | undefined =>
  names.map((name) => parsed.flags.get(name)?.at(-1)).find((v) => v !== undefined);

const flagOn = (parsed: Parsed, ...names: string[]): boolean =>
  names.some((name) => {
    const value = parsed.flags.get(name)?.at(-1);
    return value !== undefined && value !== 'false';
  });

/** What a command does to the cluster's objects; `cwd` holds the package.json files it may run. */
export function commandEffect(command: ShellCommand, cwd: string): CommandEffect {
  const [program = '', ...args] = command.words;
  if (scriptPath(command.words)) return 'script';
  if (CLUSTER_CLIENT.test(npmScript(command.words, cwd) ?? '')) return 'script';
  if (program === 'kubectl') {
    const { positional } = parseArgs(args);
    const [verb = '', sub = ''] = positional;
    if (KUBECTL_READS.has(verb)) return 'reads';
    if (verb === 'rollout' && ROLLOUT_READS.has(sub)) return 'reads';
    return 'changes';
  }
  if (program === 'helm') {
    const { positional } = parseArgs(args);
    return HELM_CHANGES.has(positional[0] ?? '') ? 'changes' : 'reads';
  }
  if (program === 'argocd') {
    const { positional } = parseArgs(args);
    const [group = '', verb = ''] = positional;
    if (group === 'app' && ARGOCD_APP_CHANGES.has(verb)) return 'changes';
    if (
      ['repo', 'cluster', 'proj'].includes(group) &&
      ['add', 'rm', 'create', 'delete'].includes(verb)
    ) {
      return 'changes';
    }
    return 'reads';
  }
  return 'reads';
}

export interface ReplayTools {
  kubectl: string;
  helm: string;
  /** Where relative paths of the commands are read from (the repository, or a page's scratch copy). */
  cwd: string;
}

const NO_KUBECONFIG = join(tmpdir(), 'docs-replay-no-kubeconfig');

function run(tool: string, args: string[], tools: ReplayTools, input?: string): string {
  try {
    return execFileSync(tool, args, {
      cwd: tools.cwd,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      // A kubeconfig that does not exist: these modes must never reach a cluster.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', KUBECONFIG: NO_KUBECONFIG, HOME: tmpdir() },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new ClusterError(`${tool.split('/').at(-1)} ${args.join(' ')}: ${stderr}`);
  }
}

function readObjects(yamlText: string): KubeObject[] {
  return parseAllDocuments(yamlText)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object === 'object')
    .flatMap((object) =>
      object.kind === 'List' ? ((object as { items?: KubeObject[] }).items ?? []) : [object],
    )
    .map(withoutEmptyStatus);
}

/** `--dry-run=client` prints `status: {}` and `creationTimestamp: null`; the server drops both. */
function withoutEmptyStatus(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...rest.metadata } as Record<string, unknown>;
  if (metadata.creationTimestamp === null) delete metadata.creationTimestamp;
  return { ...rest, metadata } as KubeObject;
}

/** The objects rendered from a kustomization folder (`kubectl kustomize`, as `apply -k` does). */
export function kustomize(dir: string, tools: ReplayTools): KubeObject[] {
  return readObjects(run(tools.kubectl, ['kustomize', dir], tools));
}

/** `kubectl patch --type merge` of `patch` onto `object`, run locally (see changeLocally). */
function mergePatchLocally(object: KubeObject, patch: object, tools: ReplayTools): KubeObject {
  return changeLocally(object, ['patch', '--type', 'merge', '-p', JSON.stringify(patch)], tools);
}

/** Writes `object` to a scratch file, runs a `kubectl … -f FILE --local -o yaml` mode on it. */
function changeLocally(object: KubeObject, args: string[], tools: ReplayTools): KubeObject {
  const dir = mkdtempSync(join(tmpdir(), 'docs-replay-'));
  try {
    const file = join(dir, 'object.yaml');
    writeFileSync(file, JSON.stringify(object));
    const ns = object.metadata.namespace;
    const output = run(
      tools.kubectl,
      [...args, '-f', file, '--local', '-o', 'yaml', ...(ns ? ['-n', ns] : [])],
      tools,
    );
    const [changed] = readObjects(output);
    if (!changed) throw new ClusterError(`kubectl ${args.join(' ')} printed no object`);
    return changed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `deployment/api` or `deployment api [other…]`: the (kind, name) pairs a command names. */
function targets(positional: string[]): { kind: string; name: string }[] {
  const [first = '', ...rest] = positional;
  if (first.includes('/')) {
    return positional.map((ref) => {
      const [resource = '', name = ''] = ref.split('/');
      return { kind: kindOf(resource), name };
    });
  }
  const kinds = first.split(',').map(kindOf);
  return kinds.flatMap((kind) => rest.map((name) => ({ kind, name })));
}

function existing(
  cluster: OfflineCluster,
  kind: string,
  namespace: string,
  name: string,
): KubeObject {
  const object = cluster.get(kind, namespace, name);
  if (!object) {
    throw new ClusterError(
      `${kind.toLowerCase()} "${name}" not found in namespace "${namespace}" (NotFound)`,
    );
  }
  return structuredClone(object);
}

function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [key = '', value] = term.split('=');
    return value === undefined ? labels?.[key] !== undefined : labels?.[key] === value;
  });
}

/** Pods that exist in a namespace: created ones, and those of its Deployments and StatefulSets. */
function podsIn(
  cluster: OfflineCluster,
  namespace: string,
): { name: string; labels?: Record<string, string> }[] {
  const pods: { name: string; labels?: Record<string, string> }[] = cluster
    .list('Pod', namespace)
    .map((pod) => ({ name: pod.metadata.name, labels: pod.metadata.labels }));
  for (const kind of ['Deployment', 'StatefulSet']) {
    for (const workload of cluster.list(kind, namespace)) {
      const spec = workload.spec as {
        replicas?: number;
        template?: { metadata?: { labels?: Record<string, string> } };
      };
      const replicas = spec.replicas ?? 1;
      for (let i = 0; i < replicas; i += 1) {
        pods.push({
          name:
            kind === 'StatefulSet'
              ? `${workload.metadata.name}-${i}`
              : `${workload.metadata.name}-<hash>-${i}`,
          labels: spec.template?.metadata?.labels,
        });
      }
    }
  }
  return pods;
}

function filesOf(parsed: Parsed, command: ShellCommand, tools: ReplayTools): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const dir of parsed.flags.get('-k') ?? parsed.flags.get('--kustomize') ?? []) {
    objects.push(...kustomize(dir, tools));
  }
  for (const file of parsed.flags.get('-f') ?? parsed.flags.get('--filename') ?? []) {
    if (file === '-') objects.push(...readObjects(command.stdin ?? ''));
    else if (/^https?:\/\//.test(file)) {
      throw new ClusterError(`${file} is fetched from the network: not checkable offline`);
    } else
      objects.push(
        ...readObjects(readFileSync(isAbsolute(file) ? file : join(tools.cwd, file), 'utf8')),
      );
  }
  return objects;
}

function replayKubectl(cluster: OfflineCluster, command: ShellCommand, tools: ReplayTools): void {
  const parsed = parseArgs(command.words.slice(1));
  const namespace = flag(parsed, '-n', '--namespace') ?? 'default';
  const allNamespaces = flagOn(parsed, '-A', '--all-namespaces');
  const ignoreNotFound = flagOn(parsed, '--ignore-not-found');
  const [verb = '', ...rest] = parsed.positional;
  const withNamespace = (objects: KubeObject[]): KubeObject[] =>
    objects.map((o) =>
      isClusterScoped(o.kind)
        ? o
        : { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? namespace } },
    );
  // Flags a generator understands, handed on as written (`--image=…`, `--from-literal=…`).
  const generatorFlags = command.words
    .slice(1)
    .filter((word) => word.startsWith('--') && !word.startsWith('--namespace'));

  switch (verb) {
    case 'create': {
      if (parsed.flags.has('-f') || parsed.flags.has('-k')) {
        for (const object of withNamespace(filesOf(parsed, command, tools))) cluster.create(object);
        return;
      }
      const output = run(
        tools.kubectl,
        ['create', ...rest, ...generatorFlags, '-n', namespace, '--dry-run=client', '-o', 'yaml'],
        tools,
      );
      for (const object of withNamespace(readObjects(output))) cluster.create(object);
      return;
    }
    case 'apply':
      for (const object of withNamespace(filesOf(parsed, command, tools))) cluster.apply(object);
      return;
    case 'delete': {
      if (parsed.flags.has('-f') || parsed.flags.has('-k')) {
        for (const object of withNamespace(filesOf(parsed, command, tools)).reverse()) {
          cluster.delete(
            object.kind,
            object.metadata.namespace,
            object.metadata.name,
            ignoreNotFound,
          );
        }
        return;
      }
      const selector = flag(parsed, '-l', '--selector');
      if (selector !== undefined || flagOn(parsed, '--all')) {
        const kind = kindOf(rest[0] ?? '');
        if (kind === 'Pod') {
          const pods = podsIn(cluster, namespace).filter(
            (p) => selector === undefined || matchesSelector(p.labels, selector),
          );
          if (pods.length === 0 && !ignoreNotFound)
            throw new ClusterError(
              `No resources found in ${namespace} namespace: the selector matches no Pod (kubectl exits 0, and the step shows nothing)`,
            );
          for (const pod of pods)
            if (cluster.get('Pod', namespace, pod.name)) cluster.delete('Pod', namespace, pod.name);
          return;
        }
        const scope = allNamespaces ? undefined : namespace;
        for (const object of cluster.list(kind, scope)) {
          if (selector === undefined || matchesSelector(object.metadata.labels, selector)) {
            cluster.delete(kind, object.metadata.namespace, object.metadata.name);
          }
        }
        return;
      }
      for (const { kind, name } of targets(rest)) {
        if (kind === 'Pod' && !cluster.get('Pod', namespace, name)) {
          // A pod a controller owns: deleting it is fine (it is replaced), if it exists at all.
          if (!podsIn(cluster, namespace).some((p) => p.name === name) && !ignoreNotFound) {
            throw new ClusterError(`pods "${name}" not found (NotFound)`);
          }
          continue;
        }
        cluster.delete(kind, namespace, name, ignoreNotFound);
      }
      return;
    }
    case 'set': {
      const [what = '', ...refs] = rest;
      const setFlags = command.words
        .slice(1)
        .filter((w) => w.startsWith('--') && w.includes('=') && !w.startsWith('--namespace'));
      const envPairs = what === 'env' ? refs.filter((r) => r.includes('=')) : [];
      const imagePairs = what === 'image' ? refs.filter((r) => r.includes('=')) : [];
      const objectsNamed = refs.filter((r) => !r.includes('='));
      for (const { kind, name } of targets(objectsNamed)) {
        const object = existing(cluster, kind, namespace, name);
        cluster.update(
          changeLocally(object, ['set', what, ...envPairs, ...imagePairs, ...setFlags], tools),
        );
      }
      return;
    }
    case 'scale': {
      const replicas = flag(parsed, '--replicas');
      for (const { kind, name } of targets(rest)) {
        const object = existing(cluster, kind, namespace, name);
        cluster.update(mergePatchLocally(object, { spec: { replicas: Number(replicas) } }, tools));
      }
      return;
    }
    case 'patch': {
      const patch = flag(parsed, '-p', '--patch') ?? '';
      const type = flag(parsed, '--type') ?? 'strategic';
      for (const { kind, name } of targets(rest)) {
        const object = existing(cluster, kind, namespace, name);
        cluster.update(changeLocally(object, ['patch', '--type', type, '-p', patch], tools));
      }
      return;
    }
    case 'rollout': {
      const [action = '', ...refs] = rest;
      for (const { kind, name } of targets(refs)) {
        if (kind !== 'Deployment')
          throw new ClusterError(
            `the offline replay models rollouts of Deployments only, not ${kind}`,
          );
        if (action === 'undo') cluster.rollbackDeployment(namespace, name);
        else if (action === 'restart') {
          // What `rollout restart` sends: a new template annotation, hence a new revision.
          const restartedAt = { 'kubectl.kubernetes.io/restartedAt': new Date(0).toISOString() };
          const object = existing(cluster, kind, namespace, name);
          const restarted = { spec: { template: { metadata: { annotations: restartedAt } } } };
          cluster.update(mergePatchLocally(object, restarted, tools));
        } else
          throw new ClusterError(`the offline replay does not model \`kubectl rollout ${action}\``);
      }
      return;
    }
    default:
      throw new ClusterError(`the offline replay does not model \`kubectl ${verb}\``);
  }
}

function replayHelm(cluster: OfflineCluster, command: ShellCommand, tools: ReplayTools): void {
  const parsed = parseArgs(command.words.slice(1));
  const [verb = '', release = '', chart = ''] = parsed.positional;
  const namespace = flag(parsed, '-n', '--namespace') ?? 'default';
  const render = (): KubeObject[] => {
    if (flag(parsed, '--repo') !== undefined || /^(oci|https?):/.test(chart)) {
      throw new ClusterError(
        `the chart ${chart} is downloaded from a repository: not checkable offline`,
      );
    }
    const values = (parsed.flags.get('-f') ?? parsed.flags.get('--values') ?? []).flatMap(
      (file) => ['-f', file],
    );
    return readObjects(
      run(tools.helm, ['template', release, chart, '--namespace', namespace, ...values], tools),
    );
  };
  switch (verb) {
    case 'install':
      cluster.helmInstall(release, namespace, render());
      return;
    case 'upgrade':
      if (flagOn(parsed, '--install', '-i')) {
        try {
          cluster.helmUpgrade(release, render());
        } catch {
          cluster.helmInstall(release, namespace, render());
        }
      } else cluster.helmUpgrade(release, render());
      return;
    case 'rollback': {
      const revision = parsed.positional[2];
      cluster.helmRollback(release, revision === undefined ? undefined : Number(revision));
      return;
    }
    case 'uninstall':
      cluster.helmUninstall(release);
      return;
    default:
      throw new ClusterError(`the offline replay does not model \`helm ${verb}\``);
  }
}

/** Replays a command that changes objects; throws a ClusterError with what the cluster would say. */
export function replayCommand(
  cluster: OfflineCluster,
  command: ShellCommand,
  tools: ReplayTools,
): void {
  const program = command.words[0];
  if (program === 'kubectl') replayKubectl(cluster, command, tools);
  else if (program === 'helm') replayHelm(cluster, command, tools);
  else throw new ClusterError(`\`${program}\` needs its server: not checkable offline`);
}
