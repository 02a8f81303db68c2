import { freePort } from '@gitops-lab/test-support';
import request from 'supertest';
import { buildTestApp } from './support/test-app';

// The fields of the api's /api/info (docs/architecture.md: "same shape").
const INFO_FIELDS = [
  'service',
  'version',
  'revision',
  'imageTag',
  'color',
  'pod',
  'namespace',
  'node',
  'startedAt',
  'uptimeSeconds',
];

describe('GET /info', () => {
  let apiUrl: string;
  beforeAll(async () => {
    apiUrl = `http://127.0.0.1:${await freePort()}`;
  });

  it("returns the frontend's identity in the api's shape, even while the api is down", async () => {
    const res = await request(buildTestApp({ apiUrl }).app).get('/info');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(INFO_FIELDS));
    expect(res.body).toMatchObject({
      service: 'frontend',
      version: '9.9.9-test',
      revision: 'deadbee',
      imageTag: 'sha-deadbee',
      color: '#0f766e',
      pod: 'frontend-test-pod',
      namespace: 'gitops-lab-test',
      node: 'node-test',
    });
    expect(Number.isNaN(Date.parse(res.body.startedAt))).toBe(false);
    expect(typeof res.body.uptimeSeconds).toBe('number');
    expect(res.headers['x-app-version']).toBe('9.9.9-test');
    expect(res.headers['x-pod-name']).toBe('frontend-test-pod');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('says who deployed it when the deployment variables are set', async () => {
    const { app } = buildTestApp({
      apiUrl,
      deployment: {
        GITHUB_REPOSITORY: 'octo/gitops-lab',
        DEPLOY_ENV: 'prod',
        ARGOCD_APP: 'gitops-lab-prod',
      },
    });
    const res = await request(app).get('/info');
    expect(res.body.deployment).toEqual({
      repository: 'octo/gitops-lab',
      environment: 'prod',
      argocdApp: 'gitops-lab-prod',
    });
  });

  it('leaves unset deployment fields out', async () => {
    const res = await request(buildTestApp({ apiUrl }).app).get('/info');
    expect(res.body.deployment).toEqual({});
  });

  it('refuses other methods with 405', async () => {
    const res = await request(buildTestApp({ apiUrl }).app).post('/info');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });
});
