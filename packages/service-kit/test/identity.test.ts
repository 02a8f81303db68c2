import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { createIdentity, type IdentityEnv, releaseColor } from '../src/identity';

const packageJsonPath = join(__dirname, '..', 'package.json');
const env: IdentityEnv = {
  APP_VERSION: undefined,
  APP_COLOR: undefined,
  GIT_REVISION: 'abc1234',
  IMAGE_TAG: 'sha-abc1234',
  POD_NAME: 'api-7d9f-x2',
  POD_NAMESPACE: 'gitops-lab-dev',
  NODE_NAME: 'ip-10-0-1-2',
};

describe('releaseColor', () => {
  it('is a stable hex colour per version+revision and differs between releases', () => {
    expect(releaseColor('1.0.0', 'abc')).toMatch(/^#[0-9a-f]{6}$/);
    expect(releaseColor('1.0.0', 'abc')).toBe(releaseColor('1.0.0', 'abc'));
    const colours = new Set(
      ['1.0.0', '1.0.1', '1.1.0', '2.0.0'].map((v) => releaseColor(v, 'abc')),
    );
    expect(colours.size).toBe(4);
  });
});

describe('createIdentity', () => {
  it('uses the package.json version and the derived colour by default', () => {
    const identity = createIdentity({
      service: 'api',
      packageJsonPath,
      env,
      startedAt: new Date(Date.now() - 2000),
    });
    const info = identity.info({ faultInjection: true });
    expect(info).toMatchObject({
      service: 'api',
      version: require('../package.json').version,
      revision: 'abc1234',
      imageTag: 'sha-abc1234',
      color: releaseColor(require('../package.json').version, 'abc1234'),
      pod: 'api-7d9f-x2',
      namespace: 'gitops-lab-dev',
      node: 'ip-10-0-1-2',
      faultInjection: true,
    });
    expect(info.uptimeSeconds).toBeGreaterThanOrEqual(2);
  });

  it('reports uptime in tenths of a second', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:10.000Z') });
    try {
      const identity = createIdentity({
        service: 'api',
        packageJsonPath,
        env,
        startedAt: new Date('2026-01-01T00:00:00.000Z'),
      });
      expect(identity.info().uptimeSeconds).toBe(10);
      jest.advanceTimersByTime(1234);
      expect(identity.info().uptimeSeconds).toBe(11.2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets APP_VERSION and APP_COLOR override', () => {
    const identity = createIdentity({
      service: 'api',
      packageJsonPath,
      env: { ...env, APP_VERSION: '9.9.9', APP_COLOR: 'teal' },
    });
    expect(identity.info()).toMatchObject({ version: '9.9.9', color: 'teal' });
  });

  it('puts x-app-version and x-pod-name on every response, 404s included', async () => {
    const identity = createIdentity({
      service: 'api',
      packageJsonPath,
      env: { ...env, APP_VERSION: '2.0.0' },
    });
    const app = express().use(identity.headers);
    const res = await request(app).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['x-app-version']).toBe('2.0.0');
    expect(res.headers['x-pod-name']).toBe('api-7d9f-x2');
  });
});
