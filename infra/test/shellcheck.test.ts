import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { INFRA_DIR } from './support/lab-app';

function shellScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'cdk.out', 'dist', 'test-artifacts'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return shellScripts(path);
    return entry.name.endsWith('.sh') ? [path] : [];
  });
}

const scripts = shellScripts(INFRA_DIR);
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!hasShellcheck && process.env.CI === 'true') {
  throw new Error('shellcheck is required under CI=true: apt-get install -y shellcheck');
}
if (!hasShellcheck) {
  console.warn(
    'skipping shellcheck tests: shellcheck is not installed (apt-get install -y shellcheck)',
  );
}

describe('infra shell scripts', () => {
  it('finds the kubeadm, kind and teardown scripts', () => {
    expect(scripts.map((script) => relative(INFRA_DIR, script)).sort()).toEqual([
      'kubeadm/check-cluster.sh',
      'kubeadm/master-init.sh',
      'kubeadm/node-setup.sh',
      'kubeadm/worker-join.sh',
      'local/down.sh',
      'local/up.sh',
      'scripts/teardown-eks.sh',
    ]);
  });

  (hasShellcheck ? it.each : it.skip.each)(scripts.map((s) => [relative(INFRA_DIR, s), s]))(
    '%s passes shellcheck',
    (_name, script) => {
      const result = spawnSync('shellcheck', ['--external-sources', script], {
        cwd: INFRA_DIR,
        encoding: 'utf8',
      });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );
});
