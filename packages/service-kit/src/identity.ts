// Who is answering: version, revision, colour and Kubernetes placement. The same payload shape
// is served by the api (/api/info) and the frontend (/info), and two headers on every response
// make a rollout visible with nothing more than `curl -i` in a loop.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { RequestHandler } from 'express';
import { string } from './config.js';
import type { IdentityPayload } from './identity-payload.js';

export const VERSION_HEADER = 'x-app-version';
export const POD_HEADER = 'x-pod-name';

/** Env variables every service reads for its identity; spread into the service's own schema. */
export const identityEnvShape = {
  APP_VERSION: string({ maxLength: 64 }).optional(),
  APP_COLOR: string({
    pattern: /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$/,
    patternHint: 'a colour like #1e90ff, #19f or a CSS name like teal',
  }).optional(),
  GIT_REVISION: string({ maxLength: 64 }).default('unknown'),
  IMAGE_TAG: string({ maxLength: 128 }).default('local'),
  POD_NAME: string({ maxLength: 253 }).optional(),
  POD_NAMESPACE: string({ maxLength: 63 }).default('local'),
  NODE_NAME: string({ maxLength: 253 }).optional(),
};

export interface IdentityEnv {
  APP_VERSION?: string | undefined;
  APP_COLOR?: string | undefined;
  GIT_REVISION: string;
  IMAGE_TAG: string;
  POD_NAME?: string | undefined;
  POD_NAMESPACE: string;
  NODE_NAME?: string | undefined;
}

/** The payload with the service's own fields (`extra` of `info`). */
export interface AppInfo extends IdentityPayload {
  [extra: string]: unknown;
}

export interface Identity {
  readonly service: string;
  readonly version: string;
  readonly revision: string;
  readonly color: string;
  readonly pod: string;
  /** The identity payload; `extra` adds service-specific fields (e.g. `faultInjection`). */
  info(extra?: Record<string, unknown>): AppInfo;
  /** Sets `x-app-version` and `x-pod-name` on every response. Mount it before any route. */
  headers: RequestHandler;
}

/** The `version` field of a package.json, read at start-up. */
export function packageVersion(packageJsonPath: string): string {
  const parsed: unknown = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const version = (parsed as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error(`${packageJsonPath} has no version`);
  return version;
}

/**
 * A stable colour per release: FNV-1a hash of "version+revision" mapped to a hue, with fixed
 * saturation and lightness so every colour is readable on white and on black.
 */
export function releaseColor(version: string, revision: string): string {
  let hash = 0x811c9dc5;
  for (const char of `${version}+${revision}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hslToHex(hash % 360, 0.65, 0.5);
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const amplitude = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number): string => {
    const k = (n + hue / 30) % 12;
    const value = lightness - amplitude * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

export interface IdentityOptions {
  service: string;
  /** Used when APP_VERSION is unset. */
  packageJsonPath: string;
  env: IdentityEnv;
  startedAt?: Date;
}

export function createIdentity(options: IdentityOptions): Identity {
  const { env } = options;
  const version = env.APP_VERSION ?? packageVersion(options.packageJsonPath);
  const revision = env.GIT_REVISION;
  const color = env.APP_COLOR ?? releaseColor(version, revision);
  const pod = env.POD_NAME ?? hostname();
  const node = env.NODE_NAME ?? hostname();
  const startedAt = options.startedAt ?? new Date();

  const uptimeSeconds = (): number => Math.round((Date.now() - startedAt.getTime()) / 100) / 10;

  return {
    service: options.service,
    version,
    revision,
    color,
    pod,
    info: (extra = {}) => ({
      service: options.service,
      version,
      revision,
      imageTag: env.IMAGE_TAG,
      color,
      pod,
      namespace: env.POD_NAMESPACE,
      node,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: uptimeSeconds(),
      ...extra,
    }),
    headers: (_req, res, next) => {
      res.setHeader(VERSION_HEADER, version);
      res.setHeader(POD_HEADER, pod);
      next();
    },
  };
}
