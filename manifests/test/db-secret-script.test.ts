import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WORKSPACE_DIR } from '../src/paths';
import { hasTool, kubectlBinary } from './support/system-tools';

const SCRIPT = join(WORKSPACE_DIR, 'scripts', 'create-db-secret.sh');
const FAKE_KUBECTL = join(__dirname, 'support', 'fake-kubectl.sh');
const realKubectl = kubectlBinary();
const withKubectl = realKubectl ? it : it.skip;

describe('scripts/create-db-secret.sh', () => {
  let cluster: string;
  beforeEach(() => {
    cluster = mkdtempSync(join(tmpdir(), 'gitops-lab-fake-cluster-'));
  });
  afterEach(() => rmSync(cluster, { recursive: true, force: true }));

  function run(...args: string[]) {
    return spawnSync('bash', [SCRIPT, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        KUBECTL: FAKE_KUBECTL,
        FAKE_CLUSTER_DIR: cluster,
        ...(realKubectl ? { REAL_KUBECTL: realKubectl } : {}),
      },
    });
  }

  function secretData(namespace: string): Record<string, string> {
    const secret = parse(readFileSync(join(cluster, namespace, 'secret-guestbook-db'), 'utf8'));
    return Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString('utf8'),
      ]),
    );
  }

  it('passes shellcheck', () => {
    if (!hasTool('shellcheck', 'lint the shell scripts')) return;
    const result = spawnSync('shellcheck', [SCRIPT, FAKE_KUBECTL], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  withKubectl(
    'creates the namespace and a Secret with the three keys and a random password',
    () => {
      const result = run('gitops-lab-dev');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(existsSync(join(cluster, 'gitops-lab-dev', 'namespace-gitops-lab-dev'))).toBe(true);
      const data = secretData('gitops-lab-dev');
      expect(data).toEqual({
        POSTGRES_USER: 'guestbook',
        POSTGRES_DB: 'guestbook',
        POSTGRES_PASSWORD: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      // The password never appears on a command line.
      expect(readFileSync(join(cluster, 'calls'), 'utf8')).not.toContain(data.POSTGRES_PASSWORD);
    },
  );

  withKubectl('gives every namespace its own password', () => {
    run('gitops-lab-dev');
    run('gitops-lab-prod');
    expect(secretData('gitops-lab-dev').POSTGRES_PASSWORD).not.toBe(
      secretData('gitops-lab-prod').POSTGRES_PASSWORD,
    );
  });

  withKubectl('keeps an existing Secret (PostgreSQL already uses its password)', () => {
    run('gitops-lab-dev');
    const before = secretData('gitops-lab-dev');
    writeFileSync(join(cluster, 'calls'), '');
    const again = run('gitops-lab-dev');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already exists: keeping its password');
    expect(secretData('gitops-lab-dev')).toEqual(before);
    expect(readFileSync(join(cluster, 'calls'), 'utf8')).not.toMatch(/^apply/m);
  });

  it('fails, creating nothing, when the cluster cannot be reached', () => {
    writeFileSync(join(cluster, 'unreachable'), '');
    const result = run('gitops-lab-dev');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('connection to the server');
    expect(existsSync(join(cluster, 'gitops-lab-dev'))).toBe(false);
  });

  it('explains its usage when the namespace is missing', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage:');
  });
});
