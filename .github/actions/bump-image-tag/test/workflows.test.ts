// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub Actions syntax, compared as text.
// The workflows: real actionlint + shellcheck (scripts/lint-workflows.mjs, also run by ci.yml), and
// the safety rules the course depends on (pins, permissions, loop safety, serialised bumps).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

jest.setTimeout(120_000);

const WORKSPACE = join(__dirname, '..');
const WORKFLOWS = join(WORKSPACE, '..', '..', 'workflows');
const LINT = join(WORKSPACE, 'scripts', 'lint-workflows.mjs');

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, string[]> };
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
    expect(output).toMatch(
      new RegExp(`${names.length} workflow\\(s\\) pass actionlint; \\d+ run: script\\(s\\) `),
    );
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

describe('preview.yml (images for the preview ApplicationSet)', () => {
  const preview = workflow('preview.yml');
  const HEAD = '0123abcdef4567890123abcdef4567890123abcd';

  /** Runs one `run:` script of preview.yml with bash, as the runner would, and returns its files. */
  function runStep(job: string, stepId: string, env: Record<string, string>) {
    const step = preview.jobs[job]?.steps.find((s) => s.id === stepId || s.name === stepId);
    if (!step?.run) throw new Error(`no run: step ${stepId} in job ${job}`);
    const dir = mkdtempSync(join(tmpdir(), 'preview-step-'));
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    // The runner's own command line for `shell: bash`.
    const script = join(dir, 'step.sh');
    writeFileSync(script, step.run);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GITHUB_REPOSITORY: 'Student-Fork/GitOps-Lab',
        ...env,
        ...files,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return {
      stdout: result.stdout,
      output: readFileSync(files.GITHUB_OUTPUT, 'utf8'),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  }

  it('runs on pull_request only (opened, labeled, synchronize, reopened), never pull_request_target', () => {
    expect(preview.on).toEqual({
      pull_request: { types: ['opened', 'labeled', 'synchronize', 'reopened'] },
    });
    expect(text('preview.yml')).not.toMatch(/^\s*pull_request_target/m);
  });

  it('builds only PRs labelled preview, and ignores another label being added', () => {
    expect(preview.jobs.target?.if).toBe(
      "contains(github.event.pull_request.labels.*.name, 'preview') && " +
        "(github.event.action != 'labeled' || github.event.label.name == 'preview')",
    );
    expect(preview.jobs.build?.needs).toBe('target');
    expect(preview.jobs.summary?.needs).toEqual(['target', 'build']);
  });

  it('cancels a superseded build of the same PR, but not for an unrelated label', () => {
    expect(preview.concurrency?.['cancel-in-progress']).toBe(true);
    expect(preview.concurrency?.group).toBe(
      'preview-${{ github.event.pull_request.number }}-${{ github.event.action == ' +
        "'labeled' && github.event.label.name != 'preview' && github.run_id || 'build' }}",
    );
  });

  it('tags pr-<number>-<full PR head> (never the merge commit) in the lower-cased preview packages', () => {
    const step = preview.jobs.target?.steps.find((s) => s.id === 'target');
    expect(step?.env).toEqual({
      NUMBER: '${{ github.event.pull_request.number }}',
      HEAD_SHA: '${{ github.event.pull_request.head.sha }}',
    });
    const { output } = runStep('target', 'target', { NUMBER: '42', HEAD_SHA: HEAD });
    expect(output).toBe(`tag=pr-42-${HEAD}\nrepository=ghcr.io/student-fork/gitops-lab/preview\n`);
    // The images the ApplicationSet deploys: <repo>/preview/<app>:pr-{{ .number }}-{{ .head_sha }}.
    const appSet = readFileSync(
      join(WORKSPACE, '..', '..', '..', 'argocd', 'previews', 'previews.yaml'),
      'utf8',
    );
    expect(appSet).toContain('/preview/api:pr-{{ .number }}-{{ .head_sha }}');
    expect(appSet).toContain('/preview/frontend:pr-{{ .number }}-{{ .head_sha }}');
    // GITHUB_SHA / github.sha is the merge commit on pull_request: it must appear nowhere.
    expect(text('preview.yml')).not.toMatch(/github\.sha|\$\{?GITHUB_SHA/);
  });

  it('builds from the PR head only for PRs of the same repository; a fork gets a notice instead', () => {
    const sameRepo = 'github.event.pull_request.head.repo.full_name == github.repository';
    expect(preview.jobs.build?.if).toBe(sameRepo);
    const notice = preview.jobs.target?.steps.find((s) => s.name?.startsWith('Fork'));
    expect(notice?.if).toBe(sameRepo.replace('==', '!='));
    const { stdout, summary } = runStep('target', 'Fork pull requests get no preview', {
      HEAD_REPO: 'someone/gitops-lab',
    });
    expect(stdout).toMatch(
      /^::notice title=No preview for a fork pull request::.*someone\/gitops-lab/,
    );
    expect(summary).toContain('No preview');
    const checkout = preview.jobs.build?.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toEqual({
      ref: '${{ github.event.pull_request.head.sha }}',
      'persist-credentials': false,
    });
  });

  it('grants packages: write to the build job only; the other jobs get nothing', () => {
    expect(preview.permissions).toEqual({});
    expect(preview.jobs.target?.permissions).toEqual({});
    expect(preview.jobs.build?.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(preview.jobs.summary?.permissions).toEqual({});
  });

  it('pins the same action commits as release.yml', () => {
    const pins = (name: string) =>
      new Map(
        Object.values(workflow(name).jobs)
          .flatMap((job) => job.steps)
          .flatMap((s) => (s.uses ? [s.uses.split('@') as [string, string]] : [])),
      );
    const release = pins('release.yml');
    for (const [action, sha] of pins('preview.yml'))
      expect([action, sha]).toEqual([action, release.get(action)]);
  });

  it('builds every app with a Dockerfile, amd64 only, with the release cache scopes, labels and build args', () => {
    const apps = readdirSync(join(WORKSPACE, '..', '..', '..', 'apps')).filter((app) =>
      existsSync(join(WORKSPACE, '..', '..', '..', 'apps', app, 'Dockerfile')),
    );
    expect(preview.jobs.build?.strategy?.matrix.app?.sort()).toEqual(apps.sort());
    const steps = preview.jobs.build?.steps ?? [];
    const meta = steps.find((s) => s.uses?.startsWith('docker/metadata-action@'));
    expect(meta?.env).toEqual({ DOCKER_METADATA_PR_HEAD_SHA: 'true' });
    expect(meta?.with?.tags).toBe('type=raw,value=${{ needs.target.outputs.tag }}');
    const build = steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with).toMatchObject({
      context: '.',
      file: 'apps/${{ matrix.app }}/Dockerfile',
      platforms: 'linux/amd64',
      push: true,
      tags: '${{ steps.meta.outputs.tags }}',
      labels: '${{ steps.meta.outputs.labels }}',
      'cache-from': 'type=gha,scope=${{ matrix.app }}',
      'cache-to': 'type=gha,mode=max,scope=${{ matrix.app }}',
    });
    expect(build?.with?.['build-args']).toBe(
      'GIT_REVISION=${{ github.event.pull_request.head.sha }}\n' +
        'IMAGE_TAG=${{ needs.target.outputs.tag }}\n' +
        'SOURCE_URL=${{ github.server_url }}/${{ github.repository }}\n',
    );
  });

  it('summarises both images and the Argo CD application gitops-lab-pr-<n>', () => {
    const { summary } = runStep('summary', 'Images and the Argo CD application', {
      NUMBER: '42',
      REPOSITORY: 'ghcr.io/student-fork/gitops-lab',
      TAG: 'sha-0123abc',
    });
    expect(summary).toContain('| api | `ghcr.io/student-fork/gitops-lab/api:sha-0123abc` |');
    expect(summary).toContain(
      '| frontend | `ghcr.io/student-fork/gitops-lab/frontend:sha-0123abc` |',
    );
    expect(summary).toContain('Argo CD application `gitops-lab-pr-42`, namespace `pr-42`');
  });

  it('passes ${{ }} values to run: scripts through env only (no script injection)', () => {
    for (const job of Object.values(preview.jobs)) {
      for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
    }
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
