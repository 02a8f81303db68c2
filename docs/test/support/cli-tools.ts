// helm and kubectl for the runnable blocks (`helm template`, `kubectl kustomize`). On Linux x64 they
// are the pinned static binaries from test-support, linked into the git-ignored test-artifacts
// folder that goes first on the blocks' PATH, so every run uses the same versions. Elsewhere
// (macOS, arm64) those binaries would not run: the ones on PATH are used.
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, pinnedKubectlLayer } from '@gitops-lab/test-support';

export const CLI_TOOLS = ['helm', 'kubectl'] as const;

/** A folder holding the pinned helm and kubectl, or undefined where they cannot run. */
export function pinnedCliToolsBin(docsDir: string): string | undefined {
  const binaries = pinnedKubectlLayer();
  if (!binaries) return undefined;
  const bin = join(docsDir, 'test-artifacts', 'bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of CLI_TOOLS) {
    // A fresh link renamed over the old one: replaces a stale link, and parallel workers never race.
    const staging = join(bin, `.${tool}-${process.pid}`);
    symlinkSync(binaries[tool], staging);
    renameSync(staging, join(bin, tool));
  }
  return bin;
}

/** The tools of CLI_TOOLS that `PATH` does not provide. */
export function missingFromPath(path: string): string[] {
  return CLI_TOOLS.filter((tool) => !hasCommand(tool, path));
}
