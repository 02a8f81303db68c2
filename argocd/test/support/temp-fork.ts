// A throw-away git repository holding copies of the files fork:configure edits (argocd/,
// manifests/config/, infra/cdk.json), so its tests never touch the real tree. Its manifests
// workspace has a small `synth` script that renders each config's image repositories into
// manifests/dist/<env>/images.txt: enough to see that fork:configure re-synths, and in order.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { commitTree } from '@gitops-lab/test-support';
import { ARGOCD_DIR, REPO_ROOT } from './repo';

/** argocd/ folders that hold the workspace's code and build output, not configuration. */
const NOT_CONFIGURATION = new Set([
  'node_modules',
  'dist',
  'src',
  'test',
  'test-artifacts',
  '.turbo',
]);

const FORK_CONFIGURE = join(ARGOCD_DIR, 'src', 'fork-configure.ts');
const TSX_CLI = require.resolve('tsx/cli', { paths: [ARGOCD_DIR] });

const SYNTH_SCRIPT = `// Test stand-in for the cdk8s synth: one line per app, from the config files.
const fs = require('node:fs');
for (const file of fs.readdirSync('config')) {
  if (file === 'schema.json') continue;
  const env = file.replace(/\\.json$/, '');
  const { apps } = JSON.parse(fs.readFileSync('config/' + file, 'utf8'));
  fs.mkdirSync('dist/' + env, { recursive: true });
  const lines = Object.entries(apps).map(([app, c]) => app + ': ' + c.image.repository + ':' + c.image.tag);
  fs.writeFileSync('dist/' + env + '/images.txt', lines.join('\\n') + '\\n');
}
`;

export interface TempFork {
  readonly root: string;
  git(...args: string[]): string;
  read(path: string): string;
  /** Every file outside .git with its content: compare two snapshots to prove nothing changed. */
  snapshot(): Record<string, string>;
  remove(): void;
}

export function createTempFork(
  options: { withCdkJson?: boolean; brokenSynth?: boolean } = {},
): TempFork {
  const root = mkdtempSync(join(tmpdir(), 'fork-configure-'));
  // Every folder fork:configure reads (all of argocd/ but the workspace's own code and output),
  // so a folder someone adds (monitoring/, rollouts/, ...) is covered without a change here.
  for (const entry of readdirSync(ARGOCD_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || NOT_CONFIGURATION.has(entry.name)) continue;
    cpSync(join(ARGOCD_DIR, entry.name), join(root, 'argocd', entry.name), { recursive: true });
  }
  cpSync(join(REPO_ROOT, 'manifests', 'config'), join(root, 'manifests', 'config'), {
    recursive: true,
  });
  const helmApplication = join(REPO_ROOT, 'manifests', 'helm', 'argocd');
  if (existsSync(helmApplication)) {
    cpSync(helmApplication, join(root, 'manifests', 'helm', 'argocd'), { recursive: true });
  }
  const cdkJson = join(REPO_ROOT, 'infra', 'cdk.json');
  if ((options.withCdkJson ?? true) && existsSync(cdkJson)) {
    mkdirSync(join(root, 'infra'));
    cpSync(cdkJson, join(root, 'infra', 'cdk.json'));
  }
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'fork', private: true, workspaces: ['manifests'] }),
  );
  writeFileSync(
    join(root, 'manifests', 'package.json'),
    JSON.stringify({
      name: '@gitops-lab/manifests',
      private: true,
      scripts: { synth: 'node synth.js' },
    }),
  );
  writeFileSync(join(root, 'manifests', 'synth.js'), SYNTH_SCRIPT);
  execFileSync('node', ['synth.js'], { cwd: join(root, 'manifests') });
  if (options.brokenSynth) {
    writeFileSync(
      join(root, 'manifests', 'synth.js'),
      "console.error('config/dev.json: apps.api.replicas must be a number'); process.exit(1);\n",
    );
  }

  const git = commitTree(root, { author: 'Fork Test', message: 'the fork as GitHub created it' });

  const snapshot = () => {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === '.git') continue;
        if (statSync(path).isDirectory()) walk(path);
        else files[relative(root, path)] = readFileSync(path, 'utf8');
      }
    };
    walk(root);
    return files;
  };
  return {
    root,
    git,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    snapshot,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real fork:configure CLI in the fork's argocd/ folder, as `npm run fork:configure` does. */
export function runForkConfigure(fork: TempFork, env: Record<string, string> = {}): CliResult {
  const baseEnv = { ...process.env };
  delete baseEnv.GITHUB_REPOSITORY;
  const result = spawnSync(process.execPath, [TSX_CLI, FORK_CONFIGURE], {
    cwd: join(fork.root, 'argocd'),
    env: { ...baseEnv, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
