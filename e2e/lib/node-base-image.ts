import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { hasCommand } from '@gitops-lab/test-support';
import { cacheDir } from './cache';
import { aptInstall, type DockerEngine } from './docker-engine';
import { exec } from './exec';

const SUITE = 'bookworm';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The image `ARG NODE_IMAGE=<default>` of a Dockerfile builds on, or undefined when it has none. The
 * default may name a stage (`FROM <image> AS <default>`, the line Dependabot bumps): then its image.
 */
export function defaultNodeImage(dockerfile: string): string | undefined {
  const text = readFileSync(dockerfile, 'utf8');
  const value = /^\s*ARG\s+NODE_IMAGE=(\S+)/m.exec(text)?.[1];
  if (!value) return undefined;
  const stage = new RegExp(`^\\s*FROM\\s+(\\S+)\\s+AS\\s+${value}\\s*$`, 'im').exec(text);
  return stage?.[1] ?? value;
}

/** A minimal Debian root filesystem, made once with debootstrap and kept in the cache. */
async function debianRootfs(): Promise<string> {
  const rootfs = cacheDir(`rootfs-${SUITE}-minbase`);
  const done = path.join(cacheDir(), `rootfs-${SUITE}-minbase.complete`);
  if (existsSync(done)) return rootfs;
  rmSync(rootfs, { recursive: true, force: true });
  if (!hasCommand('debootstrap')) await aptInstall(['debootstrap']);
  const mirror = process.env.E2E_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  console.log(`[base-image] debootstrap --variant=minbase ${SUITE} (about 1.5 min, once)`);
  const r = await exec('debootstrap', ['--variant=minbase', SUITE, rootfs, mirror], {
    timeoutMs: 900_000,
  });
  console.log(`[base-image] rootfs ready in ${Math.round(r.ms / 1000)} s`);
  writeFileSync(done, new Date().toISOString());
  return rootfs;
}

/** The Node major version of a Node image reference: `node:24-bookworm-slim@sha256:…` → `24`. */
export function nodeMajor(image: string): string {
  const major = /^(?:[^/]+\/)*node:(\d+)[-.@]/.exec(image)?.[1];
  if (!major) throw new Error(`cannot tell the Node version of ${image}: expected node:<major>-…`);
  return major;
}

/**
 * The official Node binary of `major` for this machine's architecture, from the npm registry (the
 * only registry reachable here): the `node-linux-<arch>` package repackages nodejs.org's release
 * tarball and npm checks its integrity. Returns the path of `bin/node` and its version.
 */
async function officialNode(major: string): Promise<{ bin: string; version: string }> {
  const dir = cacheDir(`node-v${major}-linux-${process.arch}`);
  const bin = path.join(dir, 'package/bin/node');
  const versionFile = path.join(dir, 'version');
  if (existsSync(bin) && existsSync(versionFile)) {
    return { bin, version: readFileSync(versionFile, 'utf8').trim() };
  }
  const spec = `node-linux-${process.arch}@${major}`;
  console.log(`[base-image] npm pack ${spec} (about 40 MB, once)`);
  const packed = await exec('npm', ['pack', spec, '--json', '--pack-destination', dir], {
    timeoutMs: 300_000,
  });
  const [pack] = JSON.parse(packed.stdout) as { filename: string; version: string }[];
  if (!pack) throw new Error(`npm pack ${spec} printed no package`);
  const { filename, version } = pack;
  await exec('tar', ['-xzf', path.join(dir, filename), '-C', dir, 'package/bin/node']);
  rmSync(path.join(dir, filename));
  writeFileSync(versionFile, version);
  return { bin, version };
}

/**
 * Copies Node `node`, this machine's npm and CA bundle (it trusts the TLS-inspecting proxy) into
 * `rootfs`, where the official image has them.
 */
function addNode(rootfs: string, node: string): void {
  const usrLocal = path.join(rootfs, 'usr/local');
  mkdirSync(path.join(usrLocal, 'bin'), { recursive: true });
  mkdirSync(path.join(usrLocal, 'lib/node_modules'), { recursive: true });
  cpSync(node, path.join(usrLocal, 'bin/node'));
  const npmDir = path.join(path.dirname(path.dirname(process.execPath)), 'lib/node_modules/npm');
  const target = path.join(usrLocal, 'lib/node_modules/npm');
  rmSync(target, { recursive: true, force: true });
  cpSync(npmDir, target, { recursive: true });
  for (const [bin, script] of [
    ['npm', 'npm-cli.js'],
    ['npx', 'npx-cli.js'],
  ] as const) {
    rmSync(path.join(usrLocal, 'bin', bin), { force: true });
    symlinkSync(`../lib/node_modules/npm/bin/${script}`, path.join(usrLocal, 'bin', bin));
  }
  mkdirSync(path.join(rootfs, 'etc/ssl/certs'), { recursive: true });
  cpSync(CA_BUNDLE, path.join(rootfs, CA_BUNDLE.slice(1)));
}

/** `tar -C rootfs -c . | docker import …` */
async function importRootfs(engine: DockerEngine, rootfs: string, tag: string): Promise<void> {
  const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const importer = engine.docker(
    [
      'import',
      '--change',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--change',
      `ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`,
      '--change',
      'CMD ["node"]',
      '-',
      tag,
    ],
    { stdin: tar.stdout, timeoutMs: 300_000 },
  );
  const tarExit = new Promise<number | null>((resolve) => tar.on('close', resolve));
  await importer;
  if ((await tarExit) !== 0) throw new Error(`tar of ${rootfs} failed`);
}

/**
 * A local stand-in for the official Node image `image` when no registry is reachable: Debian
 * bookworm minbase plus the official Node binary of the same major version (so image sizes and
 * memory match the real image's), this machine's npm and its CA bundle. Idempotent: reuses the
 * image, else the cached rootfs and binary.
 */
export async function localNodeBaseImage(engine: DockerEngine, image: string): Promise<string> {
  const major = nodeMajor(image);
  const tag = `local/node:${major}-${SUITE}-minbase`;
  const present = await engine.docker(['image', 'inspect', tag], { allowFailure: true });
  if (present.code === 0) {
    console.log(`[base-image] ${tag} (cached)`);
    return tag;
  }
  const started = Date.now();
  const [rootfs, node] = await Promise.all([debianRootfs(), officialNode(major)]);
  addNode(rootfs, node.bin);
  await importRootfs(engine, rootfs, tag);
  console.log(
    `[base-image] ${tag} (Node ${node.version}) imported in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return tag;
}

/**
 * The NODE_IMAGE build argument to use: E2E_NODE_IMAGE when set; nothing (the Dockerfile default)
 * when the engine can pull that default; otherwise the local base image.
 */
export async function chooseNodeImage(
  engine: DockerEngine,
  dockerfile: string,
): Promise<string | undefined> {
  if (process.env.E2E_NODE_IMAGE) return process.env.E2E_NODE_IMAGE;
  const fallback = defaultNodeImage(dockerfile);
  if (!fallback) throw new Error(`${dockerfile} has no ARG NODE_IMAGE=<default>`);
  const have = await engine.docker(['image', 'inspect', fallback], { allowFailure: true });
  if (have.code === 0) return undefined;
  const pull = await engine.docker(['pull', fallback], { allowFailure: true, timeoutMs: 60_000 });
  if (pull.code === 0) return undefined;
  console.log(`[base-image] cannot pull ${fallback} (no registry): using a local base image`);
  return localNodeBaseImage(engine, fallback);
}
