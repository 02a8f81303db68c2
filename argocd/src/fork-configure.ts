// `npm run fork:configure`: points a fresh fork at itself in one go. Detects the fork from
// GITHUB_REPOSITORY or the origin remote, rewrites every Argo CD repoURL (argocd/ and
// manifests/helm/argocd/), every image repository (manifests/config/<env>.json) and the
// infra/cdk.json context, re-renders manifests/dist with `npm run synth`, and prints the diff.
// Running it again changes nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ForkIdentity, ForkIdentityError, resolveForkIdentity } from './fork-identity.js';
import { diff, originUrl, repositoryRoot } from './git.js';
import { type RepositoryName, repoUrlTargets, rewriteArgoCdYaml } from './rewrite-argocd-yaml.js';
import { rewriteCdkContext, rewriteImageRepositories } from './rewrite-json.js';

// Argo CD objects that live beside what they deploy instead of under argocd/: the Application
// that renders the Helm chart (week 4, "Helm and Argo CD").
const ARGOCD_YAML_ELSEWHERE = ['manifests/helm/argocd'];

// Folders under argocd/ that hold no Argo CD objects.
const NOT_ARGOCD_OBJECTS = new Set(['node_modules', 'dist', 'src', 'test', 'test-artifacts']);

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return NOT_ARGOCD_OBJECTS.has(entry.name) ? [] : yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** The one repository all repoURLs currently name (upstream, or the fork after a first run). */
function currentRepository(files: Array<{ path: string; text: string }>): RepositoryName {
  const targets = new Map<string, RepositoryName>();
  for (const { path, text } of files) {
    for (const target of repoUrlTargets(text, path)) {
      targets.set(`${target.owner}/${target.repo}`.toLowerCase(), target);
    }
  }
  const [only, ...others] = [...targets.values()];
  if (!only) throw new Error('no repoURL found under argocd/: nothing to point at the fork');
  if (others.length > 0) {
    const names = [...targets.keys()].join(', ');
    throw new Error(
      `the repoURLs under argocd/ name different repositories (${names}): make them agree first`,
    );
  }
  return only;
}

interface Change {
  readonly path: string;
  readonly text: string;
}

function planChanges(root: string, fork: ForkIdentity, notes: string[]): Change[] {
  const rel = (path: string) => relative(root, path);
  const changes: Change[] = [];
  const keep = (path: string, before: string, after: string) => {
    if (after !== before) changes.push({ path, text: after });
  };

  const argocdFiles = [
    ...yamlFilesUnder(join(root, 'argocd')),
    ...ARGOCD_YAML_ELSEWHERE.map((dir) => join(root, dir))
      .filter((dir) => existsSync(dir))
      .flatMap((dir) => yamlFilesUnder(dir)),
  ].map((path) => ({
    path,
    text: readFileSync(path, 'utf8'),
  }));
  const from = currentRepository(argocdFiles.map(({ path, text }) => ({ path: rel(path), text })));
  for (const { path, text } of argocdFiles)
    keep(path, text, rewriteArgoCdYaml(text, rel(path), from, fork));

  const configDir = join(root, 'manifests', 'config');
  // One <env>.json per environment; schema.json describes them and is no environment.
  const configs = existsSync(configDir)
    ? readdirSync(configDir).filter((name) => name.endsWith('.json') && name !== 'schema.json')
    : [];
  if (configs.length === 0) throw new Error('no manifests/config/<env>.json files found');
  for (const name of configs.sort()) {
    const path = join(configDir, name);
    const text = readFileSync(path, 'utf8');
    keep(path, text, rewriteImageRepositories(text, rel(path), fork));
  }

  const cdkJson = join(root, 'infra', 'cdk.json');
  if (existsSync(cdkJson)) {
    const text = readFileSync(cdkJson, 'utf8');
    keep(cdkJson, text, rewriteCdkContext(text, rel(cdkJson), fork));
  } else {
    notes.push('infra/cdk.json not found: skipped the AWS context (repoUrl, githubRepo).');
  }
  return changes;
}

function synth(root: string): void {
  // The rendered manifests embed the image repositories: render them again from the configs.
  // Its output goes to stderr so that stdout is the summary and the diff.
  try {
    execFileSync('npm', ['run', 'synth', '--silent', '-w', '@gitops-lab/manifests'], {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
    });
  } catch {
    throw new Error(
      'the files are rewritten, but `npm run synth -w @gitops-lab/manifests` failed (its output is above): fix that, then run fork:configure again',
    );
  }
}

function main(args: string[]): void {
  if (args.length > 0) throw new Error(`takes no arguments, got: ${args.join(' ')}`);
  const root = repositoryRoot(process.cwd());
  const fork = resolveForkIdentity(process.env.GITHUB_REPOSITORY, originUrl(root));
  console.log(`Fork: ${fork.owner}/${fork.repo} (from ${fork.source})`);

  const notes: string[] = [];
  const changes = planChanges(root, fork, notes);
  for (const { path, text } of changes) writeFileSync(path, text);
  synth(root);

  for (const note of notes) console.log(`Note: ${note}`);
  if (changes.length === 0) {
    console.log('Already configured for this fork: nothing changed.');
    return;
  }
  const changed = changes.map(({ path }) => relative(root, path));
  const rendered = join('manifests', 'dist');
  const toCommit = [...changed, ...(existsSync(join(root, rendered)) ? [rendered] : [])];
  console.log(`Changed ${changed.length} file(s) and re-rendered ${rendered}:`);
  process.stdout.write(diff(root, toCommit));
  const cdkChanged = changed.includes(join('infra', 'cdk.json'));
  console.log('\nReview the diff, then commit and push it:');
  console.log(`  git add argocd manifests${cdkChanged ? ' infra/cdk.json' : ''}`);
  console.log('  git commit -m "Point Argo CD and the images at this fork"');
  console.log('  git push');
}

try {
  main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof ForkIdentityError ? '' : 'error: ';
  console.error(`fork:configure: ${prefix}${message}`);
  process.exitCode = 1;
}
