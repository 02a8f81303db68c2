// action.yml and the committed bundle the runner executes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../src/inputs.js';

const WORKSPACE = join(__dirname, '..');

describe('action metadata', () => {
  const action = parse(readFileSync(join(WORKSPACE, 'action.yml'), 'utf8'));

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(action.outputs)).toEqual(['changed', 'commit', 'pull-request-url']);
  });

  it('declares exactly the inputs the action reads, in the order problems are reported', () => {
    expect(Object.keys(action.inputs)).toEqual([...INPUT_NAMES, 'working-directory']);
    // Rollback and promote get the safe default: only images a release deployed.
    expect(action.inputs['released-only'].default).toBe('true');
  });

  it('the committed dist/ is what the sources bundle to (npm run check-dist)', () => {
    const output = execFileSync('node', [join(WORKSPACE, 'scripts', 'check-dist.mjs')], {
      encoding: 'utf8',
    });
    expect(output).toContain('match the sources');
  });
});
