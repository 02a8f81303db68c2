// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub Actions syntax, compared as text.
// The safety rules the course depends on: pins, permissions, loop safety, serialised bumps, no
// token next to install scripts, turbo from the lockfile, only released images for rollback and
// promote, and every auto-deploy environment bumped by a release.
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, workflow, workflowNames, workflowText } from './support/workflows.js';

const BUMP = './.github/actions/bump-image-tag';

describe('workflow rules', () => {
  it('pins every third-party action to a full commit SHA with its version in a comment', () => {
    for (const name of workflowNames) {
      for (const line of workflowText(name).split('\n')) {
        const uses = /^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!uses?.[1] || uses[1].startsWith('./')) continue;
        expect(`${name}: ${uses[1]}${uses[2]}`).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it('grants nothing at the top and declares permissions per job; no pull_request_target', () => {
    for (const name of workflowNames) {
      const wf = workflow(name);
      expect(wf.permissions).toEqual({});
      expect(Object.keys(wf.on)).not.toContain('pull_request_target');
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect([name, id, typeof job.permissions]).toEqual([name, id, 'object']);
      }
    }
    const release = workflow('release.yml');
    expect(release.jobs.changes?.permissions).toEqual({ contents: 'read' });
    expect(release.jobs.build?.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(release.jobs.merge?.permissions).toEqual({
      contents: 'read',
      packages: 'write',
      'id-token': 'write',
    });
    expect(release.jobs.deploy?.permissions).toEqual({ contents: 'write' });
    expect(workflow('ci.yml').jobs.check?.permissions).toEqual({ contents: 'read' });
  });

  it('keeps every token out of .git/config, and runs no install script where a job can push', () => {
    for (const name of workflowNames) {
      for (const [id, job] of Object.entries(workflow(name).jobs)) {
        for (const step of job.steps) {
          if (step.uses?.startsWith('actions/checkout@')) {
            expect([name, id, step.with?.['persist-credentials']]).toEqual([name, id, false]);
          }
          const writes = Object.values(job.permissions ?? {}).includes('write');
          if (writes && step.run?.includes('npm ci')) {
            expect([name, id, step.run]).toEqual([
              name,
              id,
              expect.stringContaining('--ignore-scripts'),
            ]);
          }
        }
      }
    }
  });

  it('takes turbo from the lockfile: never npx --yes, npm install <pkg>@ or a turbo@ version', () => {
    for (const name of workflowNames) {
      const text = workflowText(name);
      expect([name, text]).not.toEqual([name, expect.stringMatching(/npx\s+(--yes|-y)\b/)]);
      expect([name, text]).not.toEqual([name, expect.stringMatching(/npm (install|i) \S+@/)]);
      expect([name, text]).not.toEqual([name, expect.stringMatching(/turbo@/)]);
    }
  });

  it('passes ${{ }} values to run: scripts through env only (no script injection)', () => {
    for (const name of workflowNames) {
      for (const job of Object.values(workflow(name).jobs)) {
        for (const step of job.steps)
          expect([name, step.run ?? '']).not.toEqual([name, expect.stringContaining('${{')]);
      }
    }
  });

  it('calls only scripts that exist under .github/scripts and are executable', () => {
    const called = workflowNames.flatMap((name) =>
      [...workflowText(name).matchAll(/\.github\/scripts\/[\w.-]+/g)].map((m) => m[0]),
    );
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) {
      expect(() => accessSync(join(REPO_ROOT, script), constants.X_OK)).not.toThrow();
    }
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
      'npm run lint:workflows -w @gitops-lab/workflow-tests',
      'npm run check-dist -w @gitops-lab/bump-image-tag',
    ]);
    const setupNode = ci.jobs.check?.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');

  it('releases the default branch only, and never reacts to its own bump commits', () => {
    const push = release.on.push as { branches: string[]; 'paths-ignore': string[] };
    expect(push.branches).toEqual(['main']);
    expect(push['paths-ignore']).toEqual(
      expect.arrayContaining(['manifests/config/**', 'manifests/dist/**']),
    );
    // A manual run on another branch builds nothing: every release image is a reviewed commit's.
    expect(release.jobs.changes?.if).toBe(
      'github.ref_name == github.event.repository.default_branch',
    );
    expect(release.jobs.build?.needs).toBe('changes');
    expect(release.jobs.merge?.needs).toEqual(['changes', 'build']);
    expect(release.jobs.deploy?.needs).toEqual(['changes', 'merge']);
    expect(release.concurrency).toEqual({
      group: 'release-${{ github.ref }}',
      'cancel-in-progress': false,
    });
  });

  it('finds the affected apps with the script, turbo installed from the lockfile', () => {
    const steps = release.jobs.changes?.steps ?? [];
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([
      'npm ci --ignore-scripts --no-audit --no-fund --workspaces=false',
      '.github/scripts/affected-apps.sh',
    ]);
    expect(steps.find((s) => s.id === 'affected')?.env).toEqual({
      EVENT: '${{ github.event_name }}',
      BEFORE: '${{ github.event.before }}',
      TURBO_TELEMETRY_DISABLED: '1',
    });
    expect(release.jobs.changes?.outputs).toEqual({
      apps: '${{ steps.affected.outputs.apps }}',
      tag: '${{ steps.affected.outputs.tag }}',
    });
  });

  it('builds each architecture on its own native runner, by digest, with provenance and SBOM', () => {
    const build = release.jobs.build;
    expect(build?.['runs-on']).toBe('${{ matrix.arch.runner }}');
    expect(build?.strategy?.matrix).toEqual({
      app: '${{ fromJSON(needs.changes.outputs.apps) }}',
      arch: [
        { name: 'amd64', platform: 'linux/amd64', runner: 'ubuntu-24.04' },
        { name: 'arm64', platform: 'linux/arm64', runner: 'ubuntu-24.04-arm' },
      ],
    });
    // No emulation anywhere in the release.
    expect(workflowText('release.yml')).not.toContain('setup-qemu-action');
    const step = build?.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(step?.with).toMatchObject({
      context: '.',
      file: 'apps/${{ matrix.app }}/Dockerfile',
      platforms: '${{ matrix.arch.platform }}',
      outputs:
        'type=image,name=${{ steps.names.outputs.image }},push-by-digest=true,name-canonical=true,push=true',
      provenance: 'mode=max',
      sbom: true,
      labels: '${{ steps.meta.outputs.labels }}',
      'cache-from': 'type=gha,scope=${{ matrix.app }}-${{ matrix.arch.name }}',
      'cache-to': 'type=gha,mode=max,scope=${{ matrix.app }}-${{ matrix.arch.name }}',
    });
    // Tags go on the merged index only: a single-architecture image is never a release tag.
    expect(step?.with?.tags).toBeUndefined();
    expect(step?.with?.['build-args']).toBe(
      'GIT_REVISION=${{ github.sha }}\nIMAGE_TAG=${{ needs.changes.outputs.tag }}\n' +
        'APP_VERSION=${{ needs.changes.outputs.tag }}\n' +
        'SOURCE_URL=${{ github.server_url }}/${{ github.repository }}\n',
    );
  });

  it('merges, scans, signs by digest, copies to ECR when configured, then records the digest', () => {
    const steps = release.jobs.merge?.steps ?? [];
    const order = steps.map((s) => s.name ?? s.uses?.split('@')[0]);
    expect(order).toEqual([
      'actions/download-artifact',
      'docker/setup-buildx-action',
      'Log in to GHCR',
      'Merge both architectures into one tagged index',
      'Scan the image (fixable critical findings fail the release)',
      'actions/checkout',
      'Scan the bundled npm packages (fixable critical findings fail the release)',
      'sigstore/cosign-installer',
      'Sign the index by digest (cosign keyless)',
      'AWS credentials (OIDC, no stored keys)',
      'Log in to ECR',
      'Copy the index to ECR',
      'Record the image digest',
      'actions/upload-artifact',
    ]);
    const [scan, lockfileScan] = steps.filter((s) =>
      s.uses?.startsWith('aquasecurity/trivy-action@'),
    );
    // v0.36.0, published after the March 2026 tag hijack (actions-pins.md), pinned by commit.
    expect(scan?.uses).toBe('aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25');
    expect(scan?.with).toEqual({
      'image-ref': '${{ steps.index.outputs.image }}@${{ steps.index.outputs.digest }}',
      severity: 'CRITICAL',
      'ignore-unfixed': true,
      'exit-code': '1',
    });
    // The image ships one bundled file and no node_modules: its npm packages are scanned in the
    // lockfile, the only file of the repository this job checks out.
    expect(lockfileScan?.uses).toBe(scan?.uses);
    expect(lockfileScan?.with).toEqual({
      'scan-type': 'fs',
      'scan-ref': 'package-lock.json',
      scanners: 'vuln',
      severity: 'CRITICAL',
      'ignore-unfixed': true,
      'exit-code': '1',
    });
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({
      'persist-credentials': false,
      'sparse-checkout': 'package-lock.json',
      'sparse-checkout-cone-mode': false,
    });
    const sign = steps.find((s) => s.name?.startsWith('Sign'));
    expect(sign?.run).toBe('cosign sign --yes "${IMAGE}@${DIGEST}"');
    expect(sign?.env).toEqual({
      IMAGE: '${{ steps.index.outputs.image }}',
      DIGEST: '${{ steps.index.outputs.digest }}',
    });
    const ecr = steps.filter((s) => s.uses?.startsWith('aws-actions/'));
    expect(ecr.map((s) => s.if)).toEqual(["vars.AWS_ROLE_ARN != ''", "vars.AWS_ROLE_ARN != ''"]);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({
      name: 'digest-${{ matrix.app }}',
      path: 'digests/${{ matrix.app }}',
      'if-no-files-found': 'error',
    });
    const download = release.jobs.deploy?.steps.find((s) =>
      s.uses?.startsWith('actions/download-artifact@'),
    );
    expect(download?.with).toEqual({
      pattern: 'digest-*',
      path: 'digests',
      'merge-multiple': true,
    });
  });

  it('bumps every auto-deploy environment, read from the config, in one commit, serialised', () => {
    const deploy = release.jobs.deploy;
    expect(deploy?.concurrency).toEqual({ group: 'deploy-dev', 'cancel-in-progress': false });
    const install = deploy?.steps.find((s) => s.run?.startsWith('npm ci'));
    expect(install?.run).toBe(
      'npm ci --ignore-scripts --no-audit --no-fund -w @gitops-lab/manifests',
    );
    const images = deploy?.steps.find((s) => s.id === 'release');
    expect(images?.run).toBe(
      '.github/scripts/release-images.sh digests\n.github/scripts/auto-deploy-environments.sh\n',
    );
    const bump = deploy?.steps.find((s) => s.uses === BUMP);
    expect(bump?.with).toEqual({
      environment: '${{ steps.release.outputs.environments }}',
      images: '${{ steps.release.outputs.images }}',
      'released-only': 'false',
    });
  });
});

describe('rollback.yml and promote.yml: only released images, local included', () => {
  it('rollback passes the typed target as ONE tag (app + tag inputs), released images only', () => {
    const wf = workflow('rollback.yml');
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { options?: string[] }> })
      .inputs;
    expect(inputs.environment?.options).toEqual(['dev', 'local', 'prod']);
    const rollback = wf.jobs.rollback;
    expect(rollback?.permissions).toEqual({ contents: 'write' });
    expect(rollback?.concurrency).toEqual({
      group: 'deploy-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
    const step = rollback?.steps.find((s) => s.uses === BUMP);
    // No images: input (a second pair typed into target would become a second image), and no
    // released-only: false (its default, true, is the check).
    expect(step?.with).toEqual({
      environment: '${{ inputs.environment }}',
      app: '${{ inputs.app }}',
      tag: '${{ inputs.target }}',
    });
    const checkout = rollback?.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toEqual({
      ref: '${{ github.event.repository.default_branch }}',
      'fetch-depth': 0,
      'persist-credentials': false,
    });
  });

  it('promote opens a pull request for prod from dev or local, with the released-only default', () => {
    const wf = workflow('promote.yml');
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { options?: string[] }> })
      .inputs;
    expect(inputs.from?.options).toEqual(['dev', 'local']);
    const promote = wf.jobs.promote;
    expect(promote?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(promote?.concurrency).toEqual({ group: 'deploy-prod', 'cancel-in-progress': false });
    const pr = promote?.steps.find((s) => s.uses === BUMP);
    expect(pr?.with).toEqual({
      environment: 'prod',
      images: '${{ steps.source.outputs.images }}',
      mode: 'pull-request',
      'skip-ci': 'false',
    });
    const checkout = promote?.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });

  it('never builds the images input from a value a person typed (no smuggled second pair)', () => {
    for (const name of workflowNames) {
      for (const job of Object.values(workflow(name).jobs)) {
        for (const step of job.steps.filter((s) => s.uses === BUMP)) {
          expect([name, String(step.with?.images ?? '')]).not.toEqual([
            name,
            expect.stringContaining('inputs.'),
          ]);
        }
      }
    }
  });

  it('only release.yml turns the released-only check off', () => {
    const off = workflowNames.flatMap((name) =>
      Object.values(workflow(name).jobs)
        .flatMap((job) =>
          job.steps.filter((s) => s.uses === BUMP && s.with?.['released-only'] === 'false'),
        )
        .map(() => name),
    );
    expect(off).toEqual(['release.yml']);
    expect(existsSync(join(REPO_ROOT, '.github/actions/bump-image-tag/action.yml'))).toBe(true);
  });
});
