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
import { cacheDir } from './cache';
import { aptInstall, type DockerEngine } from './docker-engine';
import { exec } from './exec';
import { hasCommand } from './tools';

const SUITE = 'bookworm';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The `ARG NODE_IMAGE=<default>` of a Dockerfile, or undefined when it has none. */
export function defaultNodeImage(dockerfile: string): string | undefined {
  return /^\s*ARG\s+NODE_IMAGE=(\S+)/m.exec(readFileSync(dockerfile, 'utf8'))?.[1];
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

/** Copies this machine's Node, npm and CA bundle (it trusts the TLS-inspecting proxy) into `rootfs`. */
function addNode(rootfs: string): void {
  const usrLocal = path.join(rootfs, 'usr/local');
  mkdirSync(path.join(usrLocal, 'bin'), { recursive: true });
  mkdirSync(path.join(usrLocal, 'lib/node_modules'), { recursive: true });
  cpSync(process.execPath, path.join(usrLocal, 'bin/node'));
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
 * A local stand-in for the official Node image when no registry is reachable: Debian bookworm minbase
 * plus this machine's Node, npm and CA bundle. Idempotent: reuses the image, else the cached rootfs.
 */
export async function localNodeBaseImage(engine: DockerEngine): Promise<string> {
  const tag = `local/node:${process.versions.node}-${SUITE}-minbase`;
  const present = await engine.docker(['image', 'inspect', tag], { allowFailure: true });
  if (present.code === 0) {
    console.log(`[base-image] ${tag} (cached)`);
    return tag;
  }
  const started = Date.now();
  const rootfs = await debianRootfs();
  addNode(rootfs);
  await importRootfs(engine, rootfs, tag);
  console.log(`[base-image] ${tag} imported in ${Math.round((Date.now() - started) / 1000)} s`);
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
  if (fallback) {
    const have = await engine.docker(['image', 'inspect', fallback], { allowFailure: true });
    if (have.code === 0) return undefined;
    const pull = await engine.docker(['pull', fallback], { allowFailure: true, timeoutMs: 60_000 });
    if (pull.code === 0) return undefined;
    console.log(`[base-image] cannot pull ${fallback} (no registry): using a local base image`);
  }
  return localNodeBaseImage(engine);
}
