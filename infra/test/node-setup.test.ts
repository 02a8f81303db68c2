// node-setup.sh's functions, sourced and run against recorded fakes: kubeadm answers like
// kubeadm 1.35, containerd prints a containerd 2.x default config. Only functions that write
// where the test says are run (install_containerd and main write to /etc).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { INFRA_DIR } from './support/lab-app';
import { StubTools } from './support/stub-tools';

const NODE_SETUP = join(INFRA_DIR, 'kubeadm', 'node-setup.sh');
const PAUSE = 'registry.k8s.io/pause:3.10.1';

/**
 * The tables of `containerd config default` (containerd 2.x) that the script edits, trimmed
 * from the real output. containerd 2.0 and 2.1 print no SystemdCgroup line; later versions
 * print `SystemdCgroup = false`.
 */
function containerdDefaults(systemdCgroupLine: string): string {
  return `version = 3
root = '/var/lib/containerd'
state = '/run/containerd'

[plugins]
  [plugins.'io.containerd.cri.v1.images']
    snapshotter = 'overlayfs'

    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = 'registry.k8s.io/pause:3.10'

  [plugins.'io.containerd.cri.v1.runtime']
    enable_selinux = false

    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'

      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes]
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
          runtime_type = 'io.containerd.runc.v2'
          sandboxer = 'podsandbox'

          [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
            BinaryName = ''
            Root = ''
            ShimCgroup = ''
${systemdCgroupLine}
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = ['/opt/cni/bin']
      conf_dir = '/etc/cni/net.d'
`;
}

const scratch = mkdtempSync(join(tmpdir(), 'infra-node-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs configure_containerd with `defaults` as containerd's default config. */
function configureContainerd(defaults: string, dump?: string) {
  const dir = mkdtempSync(join(scratch, 'run-'));
  const config = join(dir, 'config.toml');
  const tools = new StubTools()
    .add(
      'kubeadm',
      `case "$*" in
  "version -o short") echo v1.35.0 ;;
  "config images list --kubernetes-version v1.35.0")
    printf '%s\\n' registry.k8s.io/kube-apiserver:v1.35.0 registry.k8s.io/coredns/coredns:v1.12.4 ${PAUSE} registry.k8s.io/etcd:3.6.5-0 ;;
  *) exit 1 ;;
esac`,
    )
    .add(
      'containerd',
      `case "$*" in
  "config default") cat <<'TOML'
${defaults}TOML
  ;;
  "--config ${config} config dump") ${dump === undefined ? `cat '${config}'` : `echo '${dump}'`} ;;
  *) exit 1 ;;
esac`,
    )
    .add('systemctl');
  const run = tools.run('bash', [
    '-c',
    `source '${NODE_SETUP}' && CONTAINERD_CONFIG='${config}' && configure_containerd`,
  ]);
  tools.cleanup();
  let written: string | undefined;
  try {
    written = readFileSync(config, 'utf8');
  } catch {
    written = undefined;
  }
  return { ...run, written };
}

function criSettings(toml: string) {
  const plugins = parse(toml).plugins as Record<string, Record<string, unknown>>;
  const images = plugins['io.containerd.cri.v1.images'] as {
    pinned_images: { sandbox: string };
  };
  const runtime = plugins['io.containerd.cri.v1.runtime'] as {
    containerd: { runtimes: { runc: { runtime_type: string; options: Record<string, unknown> } } };
  };
  return { sandbox: images.pinned_images.sandbox, runc: runtime.containerd.runtimes.runc };
}

describe('kubeadm/node-setup.sh configure_containerd', () => {
  it.each([
    ['containerd 2.0/2.1 (no SystemdCgroup line)', ''],
    ['containerd 2.2+ (SystemdCgroup = false)', '            SystemdCgroup = false\n'],
  ])('on %s: systemd cgroups and kubeadm’s pause image, in valid TOML', (_version, line) => {
    const run = configureContainerd(containerdDefaults(line));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { sandbox, runc } = criSettings(run.written ?? '');
    expect(sandbox).toBe(PAUSE);
    expect(runc.options.SystemdCgroup).toBe(true);
    // Everything else is containerd's default, untouched.
    expect(runc.runtime_type).toBe('io.containerd.runc.v2');
    expect(runc.options.ShimCgroup).toBe('');
    expect(run.written?.match(/SystemdCgroup/g)).toHaveLength(1);
    expect(run.calls.slice(-2)).toEqual([
      'systemctl restart containerd',
      'systemctl enable containerd',
    ]);
  });

  it('does not restart containerd when containerd does not read the settings back', () => {
    const run = configureContainerd(
      containerdDefaults(''),
      "sandbox = 'registry.k8s.io/pause:3.10'",
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `containerd does not read SystemdCgroup = true and sandbox = '${PAUSE}'`,
    );
    expect(run.calls.some((call) => call.startsWith('systemctl'))).toBe(false);
  });
});

describe('kubeadm/node-setup.sh docker_apt_source', () => {
  it('points apt at Docker’s repository for this machine, signed by Docker’s key', () => {
    const tools = new StubTools().add('dpkg', 'echo amd64');
    const run = tools.run('bash', ['-c', `source '${NODE_SETUP}' && docker_apt_source`]);
    tools.cleanup();
    const codename = /^VERSION_CODENAME=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    expect(run.stdout).toBe(
      `deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu ${codename} stable\n`,
    );
  });

  it('installs containerd.io 2.x from it and holds the package', () => {
    const script = readFileSync(NODE_SETUP, 'utf8');
    expect(script).toContain("apt-get install -y -q 'containerd.io=2.*'");
    expect(script).toContain('apt-mark hold containerd.io');
    expect(script).not.toMatch(/apt-get install[^\n]* containerd(\s|$)/);
  });
});
