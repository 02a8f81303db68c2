import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DockerEngine } from './docker-engine';
import { chooseNodeImage } from './node-base-image';
import type { AppName } from './processes';
import { repoRoot } from './repo';

export interface BuiltImage {
  app: AppName;
  tag: string;
  buildMs: number;
  sizeBytes: number;
  /** The NODE_IMAGE build argument used (undefined: the Dockerfile's default). */
  nodeImage: string | undefined;
}

export function dockerfileOf(app: AppName): string {
  return path.join(repoRoot(), 'apps', app, 'Dockerfile');
}

/** `docker build -f apps/<app>/Dockerfile .` from the repo root, as CI builds it. */
export async function buildAppImage(engine: DockerEngine, app: AppName): Promise<BuiltImage> {
  const dockerfile = dockerfileOf(app);
  if (!existsSync(dockerfile)) throw new Error(`${dockerfile} does not exist`);
  const nodeImage = await chooseNodeImage(engine, dockerfile);
  const tag = `gitops-lab/${app}:e2e`;
  const args = [
    'build',
    '-f',
    dockerfile,
    '-t',
    tag,
    '--build-arg',
    'GIT_REVISION=e2e',
    '--build-arg',
    'IMAGE_TAG=e2e',
    ...(nodeImage ? ['--build-arg', `NODE_IMAGE=${nodeImage}`] : []),
    // The harness's own dockerd has no bridge network: build steps use the host's.
    ...(engine.ownDaemon ? ['--network', 'host'] : []),
    repoRoot(),
  ];
  console.log(`[build] ${app}: docker ${args.join(' ')}`);
  const r = await engine.docker(args, {
    timeoutMs: 900_000,
    echo: process.env.E2E_VERBOSE ? `build ${app}` : undefined,
  });
  const size = await engine.docker(['image', 'inspect', '-f', '{{.Size}}', tag]);
  return { app, tag, buildMs: r.ms, sizeBytes: Number(size.stdout.trim()), nodeImage };
}
