// The real CLI path a student takes: `cdk synth` through cdk.json, offline and without AWS
// credentials, into a scratch folder removed afterwards (the cloud assembly holds the
// ~50 MB kubectl layer, too big for turbo's cache).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INFRA_DIR } from './support/lab-app';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function cdkSynth(extraArgs: string[]) {
  const outdir = mkdtempSync(join(tmpdir(), 'infra-cdk-out-'));
  outdirs.push(outdir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    // No credentials and no instance metadata: the synth must not need AWS at all.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(outdir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-aws-credentials'),
  };
  const result = spawnSync(
    join(INFRA_DIR, '..', 'node_modules', '.bin', 'cdk'),
    ['synth', '--no-notices', '--quiet', '--output', outdir, ...extraArgs],
    { cwd: INFRA_DIR, env, encoding: 'utf8', timeout: 120_000 },
  );
  return { ...result, outdir };
}

describe('cdk synth (offline, no credentials)', () => {
  it('synthesises the three stacks from cdk.json alone', () => {
    const { status, stderr, outdir } = cdkSynth([]);
    expect(stderr).not.toMatch(/Error/);
    expect(status).toBe(0);
    expect(
      readdirSync(outdir)
        .filter((f) => f.endsWith('.template.json'))
        .sort(),
    ).toEqual([
      'GitopsLabCi.template.json',
      'GitopsLabEks.template.json',
      'GitopsLabKubeadm.template.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.GitopsLabEks.environment).toBe(
      'aws://unknown-account/ap-northeast-2',
    );
  }, 120_000);

  it('exits 1 and names the bad context value', () => {
    const { status, stderr } = cdkSynth(['-c', 'allowedCidr=my-ip', '-c', 'nodeMaxSize=0']);
    expect(status).not.toBe(0);
    expect(stderr).toContain('allowedCidr: is not an IPv4 CIDR');
    expect(stderr).toContain('nodeMaxSize: expected an integer from 1 to 100');
  }, 120_000);
});
