// argocd/scripts: the two Secrets that must never be in git, created in the cluster. Each script
// runs for real (bash) against a recorded kubectl (support/fake-kubectl.mjs) that keeps Secrets
// as the API server would and logs every command line, so the tests can prove that the secret
// values never reach a command line and that nothing is `kubectl apply`'d.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, kubectlCommand } from './support/kustomize';
import { ARGOCD_DIR } from './support/repo';

const FAKE_KUBECTL = join(ARGOCD_DIR, 'test', 'support', 'fake-kubectl.mjs');
const scriptTest = kubectlAvailable ? test : test.skip;

interface Secret {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

let cluster = '';
beforeEach(() => {
  cluster = mkdtempSync(join(tmpdir(), 'argocd-scripts-'));
  writeFileSync(join(cluster, 'calls'), '');
});
afterEach(() => rmSync(cluster, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
  const result = spawnSync('bash', [join(ARGOCD_DIR, 'scripts', script), ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      // kubectl keeps a discovery cache under $HOME/.kube: in the throw-away dir, not the repo.
      HOME: cluster,
      KUBECTL: FAKE_KUBECTL,
      REAL_KUBECTL: kubectlCommand ?? 'kubectl',
      FAKE_CLUSTER_DIR: cluster,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const secretFile = (name: string) => join(cluster, 'argocd', `secret-${name}.json`);
const secret = (name: string) => JSON.parse(readFileSync(secretFile(name), 'utf8')) as Secret;
const decoded = (name: string, key: string) =>
  Buffer.from(secret(name).data?.[key] ?? '', 'base64').toString('utf8');
/** Every kubectl command line the script ran. */
const calls = () =>
  readFileSync(join(cluster, 'calls'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);

/** argocd-secret as the Helm chart leaves it. */
function installArgoCd() {
  mkdirSync(join(cluster, 'argocd'), { recursive: true });
  const chartSecret: Secret = {
    metadata: { name: 'argocd-secret', namespace: 'argocd' },
    data: { 'server.secretkey': Buffer.from('chart-made').toString('base64') },
  };
  writeFileSync(secretFile('argocd-secret'), JSON.stringify(chartSecret));
}

describe('create-webhook-secret.sh', () => {
  scriptTest('stores a random 256-bit secret in argocd-secret and prints it once', () => {
    installArgoCd();
    const { status, stdout } = run('create-webhook-secret.sh');
    expect(status).toBe(0);
    const printed = stdout.trim().split('\n').at(-1) ?? '';
    expect(printed).toMatch(/^[0-9a-f]{64}$/);
    expect(decoded('argocd-secret', 'webhook.github.secret')).toBe(printed);
    // The chart's own keys are left alone.
    expect(decoded('argocd-secret', 'server.secretkey')).toBe('chart-made');
  });

  scriptTest('the secret never reaches a command line, and nothing is applied', () => {
    installArgoCd();
    run('create-webhook-secret.sh');
    const value = decoded('argocd-secret', 'webhook.github.secret');
    expect(value).not.toBe('');
    for (const argv of calls()) {
      expect(argv.join(' ')).not.toContain(value);
      expect(argv[0]).not.toBe('apply');
    }
  });

  scriptTest('a second run keeps the secret GitHub already has; --rotate replaces it', () => {
    installArgoCd();
    run('create-webhook-secret.sh');
    const first = decoded('argocd-secret', 'webhook.github.secret');
    const again = run('create-webhook-secret.sh');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already holds webhook.github.secret: keeping it');
    expect(again.stdout).not.toContain(first);
    expect(decoded('argocd-secret', 'webhook.github.secret')).toBe(first);
    const rotated = run('create-webhook-secret.sh', '--rotate');
    expect(rotated.status).toBe(0);
    expect(decoded('argocd-secret', 'webhook.github.secret')).not.toBe(first);
  });

  scriptTest(
    'fails with kubectl’s error when Argo CD is not installed; refuses unknown arguments',
    () => {
      const missing = run('create-webhook-secret.sh');
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('secrets "argocd-secret" not found');
      const unknown = run('create-webhook-secret.sh', '--force');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('usage:');
    },
  );
});

describe('create-notifications-secret.sh', () => {
  // A placeholder in PEM form, assembled here so no key-shaped text is committed for scanners to flag.
  const armour = (edge: string) => `-----${edge} RSA PRIVATE KEY-----`;
  const PEM = `${armour('BEGIN')}\nnot-a-real-key\n${armour('END')}\n`;
  const keyFile = () => {
    const path = join(cluster, 'app.private-key.pem');
    writeFileSync(path, PEM);
    return path;
  };

  scriptTest('creates argocd-notifications-secret with the keys the GitHub service reads', () => {
    const { status, stdout } = run(
      'create-notifications-secret.sh',
      '123456',
      '7890123',
      keyFile(),
    );
    expect(status).toBe(0);
    expect(stdout).toContain('GitHub App 123456 (installation 7890123)');
    expect(decoded('argocd-notifications-secret', 'github-appID')).toBe('123456');
    expect(decoded('argocd-notifications-secret', 'github-installationID')).toBe('7890123');
    expect(decoded('argocd-notifications-secret', 'github-privateKey')).toBe(PEM);
    expect(secret('argocd-notifications-secret').metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'argocd',
    });
    for (const argv of calls()) {
      expect(argv.join(' ')).not.toContain('MIIEowIBAAKCAQEAtest');
      expect(argv[0]).not.toBe('apply');
    }
  });

  scriptTest('names every bad argument at once, exits 2 and touches nothing', () => {
    const notPem = join(cluster, 'notes.txt');
    writeFileSync(notPem, 'hello\n');
    const { status, stderr } = run('create-notifications-secret.sh', 'my-app', '12x', notPem);
    expect(status).toBe(2);
    expect(stderr).toContain("app id must be a number, got 'my-app'");
    expect(stderr).toContain("installation id must be a number, got '12x'");
    expect(stderr).toContain('is not a PEM private key');
    expect(calls()).toEqual([]);
    const missing = run('create-notifications-secret.sh', '1', '2', join(cluster, 'nope.pem'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the private key file');
  });

  scriptTest('refuses to overwrite existing credentials', () => {
    expect(run('create-notifications-secret.sh', '1', '2', keyFile()).status).toBe(0);
    const again = run('create-notifications-secret.sh', '3', '4', keyFile());
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('already exists');
    expect(decoded('argocd-notifications-secret', 'github-appID')).toBe('1');
    expect(existsSync(secretFile('argocd-notifications-secret'))).toBe(true);
  });
});
