// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub Actions syntax, compared as text.
// preview.yml: the images a pull request's preview environment runs (argocd/previews).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStep, REPO_ROOT, runBash, workflow, workflowText } from './support/workflows.js';

describe('preview.yml (images for the preview ApplicationSet)', () => {
  const preview = workflow('preview.yml');
  const HEAD = '0123abcdef4567890123abcdef4567890123abcd';

  /** Runs one `run:` script of preview.yml with bash, as the runner would, and returns its files. */
  function runStep(job: string, stepId: string, env: Record<string, string>) {
    const step = findStep(preview, job, stepId);
    if (!step.run) throw new Error(`no run: step ${stepId} in job ${job}`);
    const result = runBash(step.run, REPO_ROOT, {
      GITHUB_REPOSITORY: 'Student-Fork/GitOps-Lab',
      ...env,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result;
  }

  it('runs on pull_request only (opened, labeled, synchronize, reopened), never pull_request_target', () => {
    expect(preview.on).toEqual({
      pull_request: { types: ['opened', 'labeled', 'synchronize', 'reopened'] },
    });
    expect(workflowText('preview.yml')).not.toMatch(/^\s*pull_request_target/m);
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
    const appSet = readFileSync(join(REPO_ROOT, 'argocd', 'previews', 'previews.yaml'), 'utf8');
    expect(appSet).toContain('/preview/api:pr-{{ .number }}-{{ .head_sha }}');
    expect(appSet).toContain('/preview/frontend:pr-{{ .number }}-{{ .head_sha }}');
    // GITHUB_SHA / github.sha is the merge commit on pull_request: it must appear nowhere.
    expect(workflowText('preview.yml')).not.toMatch(/github\.sha|\$\{?GITHUB_SHA/);
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
    const apps = readdirSync(join(REPO_ROOT, 'apps')).filter((app) =>
      existsSync(join(REPO_ROOT, 'apps', app, 'Dockerfile')),
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
        'APP_VERSION=${{ needs.target.outputs.tag }}\n' +
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
