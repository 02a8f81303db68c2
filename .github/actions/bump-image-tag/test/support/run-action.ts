// Runs the bundled action (dist/index.js) the way the runner does: inputs as INPUT_* variables
// (defaults taken from action.yml), outputs and the job summary written to files.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GIT_ENV } from './git-repo.js';

const WORKSPACE = join(__dirname, '..', '..');

export interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

export async function runAction(
  cwd: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const files = mkdtempSync(join(tmpdir(), 'bump-image-tag-run-'));
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');

  const action = parse(readFileSync(join(WORKSPACE, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = inputs[name] ?? spec.default ?? '';
    // Expressions (`${{ github.token }}`) are the runner's job: tests pass those inputs explicitly.
    if (!value.includes('${{')) inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  }

  const child = spawn('node', [join(WORKSPACE, 'dist/index.js')], {
    cwd,
    env: {
      ...GIT_ENV,
      ...inputEnv,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stdout += chunk;
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  return {
    code,
    stdout,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const block = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(block)) {
    outputs[match[1] ?? ''] = match[3] ?? '';
  }
  return outputs;
}
