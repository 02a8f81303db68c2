import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { type ContentSecurityPolicy, securityHeaders } from '../src/security';

const headersOf = async (middleware: RequestHandler) => {
  const app = express().use(middleware);
  app.get('/', (_req, res) => {
    res.send('ok');
  });
  const { headers } = await request(app).get('/');
  const { date: _date, etag: _etag, ...stable } = headers;
  return stable;
};

describe('securityHeaders', () => {
  it("sends exactly helmet's headers, and no x-powered-by", async () => {
    const ours = await headersOf(securityHeaders());
    expect(ours).toEqual(await headersOf(helmet() as RequestHandler));
    expect(ours['x-powered-by']).toBeUndefined();
    expect(ours['x-content-type-options']).toBe('nosniff');
  });

  it('uses the CSP an app passes in', async () => {
    const csp: ContentSecurityPolicy = {
      useDefaults: false,
      directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] },
    };
    const ours = await headersOf(securityHeaders({ contentSecurityPolicy: csp }));
    expect(ours['content-security-policy']).toBe("default-src 'self';frame-ancestors 'none'");
  });

  it('keeps per-request CSP directives (nonces) per request', async () => {
    let n = 0;
    const middleware = securityHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'self'"], scriptSrc: [() => `'nonce-${++n}'`] },
      },
    });
    expect((await headersOf(middleware))['content-security-policy']).toBe(
      "default-src 'self';script-src 'nonce-1'",
    );
    expect((await headersOf(middleware))['content-security-policy']).toBe(
      "default-src 'self';script-src 'nonce-2'",
    );
  });
});
