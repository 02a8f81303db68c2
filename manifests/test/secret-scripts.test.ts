import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlCommand, toolAvailable } from '@gitops-lab/test-support';
import { parse } from 'yaml';
import { WORKSPACE_DIR } from '../src/paths';

const SCRIPTS = join(WORKSPACE_DIR, 'scripts');
const DB_SECRET = join(SCRIPTS, 'create-db-secret.sh');
const INSTRUCTOR_KEY = join(SCRIPTS, 'create-instructor-key.sh');
const FAKE_KUBECTL = join(__dirname, 'support', 'fake-kubectl.sh');
const realKubectl = kubectlCommand();
const withKubectl = realKubectl ? it : it.skip;

let cluster: string;
beforeEach(() => {
  cluster = mkdtempSync(join(tmpdir(), 'gitops-lab-fake-cluster-'));
});
afterEach(() => rmSync(cluster, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
  return spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      KUBECTL: FAKE_KUBECTL,
      FAKE_CLUSTER_DIR: cluster,
      ...(realKubectl ? { REAL_KUBECTL: realKubectl } : {}),
    },
  });
}

function secret(namespace: string, name: string) {
  return parse(readFileSync(join(cluster, namespace, `secret-${name}`), 'utf8')) as {
    metadata: { annotations?: Record<string, string> };
    data: Record<string, string>;
  };
}

function secretData(namespace: string, name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secret(namespace, name).data).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
}

const calls = () => readFileSync(join(cluster, 'calls'), 'utf8');

it('the scripts pass shellcheck', () => {
  if (!toolAvailable('shellcheck', 'lint the shell scripts')) return;
  const result = spawnSync(
    'shellcheck',
    [
      '--external-sources',
      DB_SECRET,
      INSTRUCTOR_KEY,
      join(SCRIPTS, 'secret-once.sh'),
      FAKE_KUBECTL,
    ],
    { encoding: 'utf8' },
  );
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});

describe.each([
  ['create-db-secret.sh', DB_SECRET, 'guestbook-db'],
  ['create-instructor-key.sh', INSTRUCTOR_KEY, 'instructor-key'],
])('scripts/%s', (_name, script, secretName) => {
  withKubectl('creates with `kubectl create`, never `apply` (no value in last-applied)', () => {
    expect(run(script, 'gitops-lab-dev').status).toBe(0);
    expect(calls()).not.toMatch(/^apply/m);
    expect(secret('gitops-lab-dev', secretName).metadata.annotations ?? {}).toEqual({});
  });

  withKubectl('keeps an existing Secret and creates nothing', () => {
    run(script, 'gitops-lab-dev');
    const before = secretData('gitops-lab-dev', secretName);
    writeFileSync(join(cluster, 'calls'), '');
    const again = run(script, 'gitops-lab-dev');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already exists: keeping its');
    expect(secretData('gitops-lab-dev', secretName)).toEqual(before);
    expect(calls()).not.toMatch(/^(apply|create)/m);
  });

  withKubectl('fails instead of overwriting a Secret created in the meantime', () => {
    // The check finds nothing, then someone else creates the Secret before this script does.
    const racing = join(cluster, 'racing-kubectl.sh');
    writeFileSync(
      racing,
      `#!/usr/bin/env bash\nif [[ "$1" == create && "$2" == secret ]]; then mkdir -p "${cluster}/gitops-lab-dev"; echo theirs > "${cluster}/gitops-lab-dev/secret-${secretName}"; fi\nexec bash "${FAKE_KUBECTL}" "$@"\n`,
      { mode: 0o755 },
    );
    const result = spawnSync('bash', [script, 'gitops-lab-dev'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        KUBECTL: racing,
        FAKE_CLUSTER_DIR: cluster,
        REAL_KUBECTL: realKubectl,
      },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('AlreadyExists');
    expect(readFileSync(join(cluster, 'gitops-lab-dev', `secret-${secretName}`), 'utf8')).toBe(
      'theirs\n',
    );
  });

  it('fails, creating nothing, when the cluster cannot be reached', () => {
    writeFileSync(join(cluster, 'unreachable'), '');
    const result = run(script, 'gitops-lab-dev');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('connection to the server');
    expect(existsSync(join(cluster, 'gitops-lab-dev'))).toBe(false);
  });

  it('explains its usage when the namespace is missing', () => {
    const result = run(script);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage:');
  });
});

describe('scripts/create-db-secret.sh', () => {
  withKubectl(
    'creates the namespace and a Secret with the three keys and a random password',
    () => {
      const result = run(DB_SECRET, 'gitops-lab-dev');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(existsSync(join(cluster, 'gitops-lab-dev', 'namespace-gitops-lab-dev'))).toBe(true);
      const data = secretData('gitops-lab-dev', 'guestbook-db');
      expect(data).toEqual({
        POSTGRES_USER: 'guestbook',
        POSTGRES_DB: 'guestbook',
        POSTGRES_PASSWORD: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      // The password never appears on a command line.
      expect(calls()).not.toContain(data.POSTGRES_PASSWORD);
    },
  );

  withKubectl('gives every namespace its own password', () => {
    run(DB_SECRET, 'gitops-lab-dev');
    run(DB_SECRET, 'gitops-lab-prod');
    expect(secretData('gitops-lab-dev', 'guestbook-db').POSTGRES_PASSWORD).not.toBe(
      secretData('gitops-lab-prod', 'guestbook-db').POSTGRES_PASSWORD,
    );
  });

  withKubectl('uses a namespace that already exists', () => {
    run(INSTRUCTOR_KEY, 'gitops-lab-dev');
    writeFileSync(join(cluster, 'calls'), '');
    expect(run(DB_SECRET, 'gitops-lab-dev').status).toBe(0);
    expect(calls()).not.toMatch(/^create namespace/m);
  });
});

describe('scripts/create-instructor-key.sh', () => {
  withKubectl(
    'creates a random key under `key`, kept off every command line and out of stdout',
    () => {
      const result = run(INSTRUCTOR_KEY, 'gitops-lab-dev');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const { key } = secretData('gitops-lab-dev', 'instructor-key');
      expect(Object.keys(secretData('gitops-lab-dev', 'instructor-key'))).toEqual(['key']);
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      expect(calls()).not.toContain(key);
      expect(result.stdout).not.toContain(key);
    },
  );

  withKubectl('prints the command that reads the key back, and it does', () => {
    const result = run(INSTRUCTOR_KEY, 'gitops-lab-dev');
    expect(result.stdout).toContain(
      "kubectl --namespace gitops-lab-dev get secret instructor-key -o jsonpath='{.data.key}' | base64 -d; echo",
    );
    const { data } = secret('gitops-lab-dev', 'instructor-key');
    expect(Buffer.from(data.key ?? '', 'base64').toString('utf8')).toMatch(/^[0-9a-f]{32}$/);
  });

  withKubectl('gives every namespace its own key', () => {
    run(INSTRUCTOR_KEY, 'gitops-lab-dev');
    run(INSTRUCTOR_KEY, 'gitops-lab-local');
    expect(secretData('gitops-lab-dev', 'instructor-key').key).not.toBe(
      secretData('gitops-lab-local', 'instructor-key').key,
    );
  });
});
