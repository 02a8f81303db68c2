// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` is GitHub Actions syntax.
// The repository's workflows as data, and their run: steps and scripts run with real bash the way
// the runner runs them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
export const SCRIPTS = join(REPO_ROOT, '.github', 'scripts');

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean | number>;
}
export interface Job {
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, string[]> };
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  outputs?: Record<string, string>;
  steps: Step[];
  needs?: string | string[];
  'runs-on'?: string;
}
export interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  jobs: Record<string, Job>;
}

export const workflowNames = readdirSync(WORKFLOWS).filter((n) => n.endsWith('.yml'));
export const workflowText = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');
export const workflow = (name: string) => parse(workflowText(name)) as Workflow;

export function findStep(wf: Workflow, job: string, idOrName: string): Step {
  const step = wf.jobs[job]?.steps.find((s) => s.id === idOrName || s.name === idOrName);
  if (!step) throw new Error(`no step ${idOrName} in job ${job}`);
  return step;
}

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  output: string;
  summary: string;
}

/**
 * Runs a bash script as the runner runs a `run:` step (`bash --noprofile --norc -eo pipefail`),
 * with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and returns what it wrote.
 */
export function runBash(script: string, cwd: string, env: Record<string, string>): StepRun {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-step-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const path = join(dir, 'step.sh');
  writeFileSync(path, script);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', path], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...files },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: readFileSync(files.GITHUB_OUTPUT, 'utf8'),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

/** `name=value` lines of GITHUB_OUTPUT as an object. */
export function outputs(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
