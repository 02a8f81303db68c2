// scripts/node-runtime-rootfs.sh, the `node` stage of both Dockerfiles, run on this Debian machine
// with its own node: the root filesystem it makes must run node as the images' user, with nothing
// else from the system, and tell scanners which Debian packages it copied.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/repo';
import { describeWithTools } from '../support/require-tool';

const script = join(repoRoot(), 'scripts', 'node-runtime-rootfs.sh');

describeWithTools(['strip', 'dpkg', 'ldd', 'chroot'], 'node-runtime-rootfs.sh', () => {
  let rootfs: string;
  beforeAll(() => {
    rootfs = join(mkdtempSync(join(tmpdir(), 'node-rootfs-')), 'rootfs');
    execFileSync('sh', [script, rootfs, process.execPath], { stdio: 'inherit' });
  });
  afterAll(() => rmSync(join(rootfs, '..'), { recursive: true, force: true }));

  it('copies node stripped of its debug symbols', () => {
    const file = execFileSync('file', ['-b', join(rootfs, 'usr/local/bin/node')], {
      encoding: 'utf8',
    });
    expect(file).toMatch(/stripped/);
    expect(file).not.toMatch(/not stripped|with debug_info/);
  });

  it('records a dpkg status file per Debian package of the libraries, and os-release', () => {
    const packages = readdirSync(join(rootfs, 'var/lib/dpkg/status.d')).sort();
    expect(packages).toEqual(expect.arrayContaining(['libc6', 'libgcc-s1', 'libstdc++6']));
    for (const name of packages) {
      expect(readFileSync(join(rootfs, 'var/lib/dpkg/status.d', name), 'utf8')).toMatch(
        new RegExp(`^Package: ${name.replace('+', '\\+')}$`, 'm'),
      );
    }
    expect(readFileSync(join(rootfs, 'etc/os-release'), 'utf8')).toMatch(/^ID=debian$/m);
  });

  it('gives /tmp the sticky bit, as the image user writes there', () => {
    expect(statSync(join(rootfs, 'tmp')).mode & 0o1777).toBe(0o1777);
  });

  // chroot needs root; CI and the image builds run as root.
  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('runs node as UID 10001 with nothing but what it copied', () => {
    const run = spawnSync(
      'chroot',
      [
        '--userspec=10001:10001',
        rootfs,
        '/usr/local/bin/node',
        '-e',
        'console.log(process.version)',
      ],
      // Not this machine's environment: its NODE_EXTRA_CA_CERTS names a file the rootfs lacks.
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(process.version);
  });

  it('fails instead of making a rootfs without a node', () => {
    const missing = spawnSync('sh', [script, join(rootfs, '..', 'other'), '/nonexistent/node'], {
      encoding: 'utf8',
    });
    expect(missing.status).not.toBe(0);
  });
});
