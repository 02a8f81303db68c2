import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@gitops-lab/test-support';
import request from 'supertest';
import { buildTestApp, PUBLIC_DIR } from './support/test-app';

function directives(header: string | undefined): Map<string, string> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('security headers', () => {
  let apiUrl: string;
  beforeAll(async () => {
    apiUrl = `http://127.0.0.1:${await freePort()}`;
  });

  it('serves the page with a strict same-origin Content-Security-Policy', async () => {
    const res = await request(buildTestApp({ apiUrl }).app).get('/');
    expect(res.status).toBe(200);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    // Classrooms serve the page over plain HTTP: upgrading requests to HTTPS would break it.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('ships a page the policy allows: no inline script or style, no remote URL', () => {
    const html = readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    for (const asset of ['index.html', 'app.js', 'app.css']) {
      const text = readFileSync(path.join(PUBLIC_DIR, asset), 'utf8');
      // No CDN, no remote font: the page must work on a closed classroom network.
      expect(text).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.(com|net|org|io|dev)\//i);
    }
  });

  it('serves the bundle from this origin and revalidates it on every load', async () => {
    const { app } = buildTestApp({ apiUrl });
    const page = await request(app).get('/');
    expect(page.text).toContain('src="app.js"');
    expect(page.text).toContain('href="app.css"');
    for (const asset of ['/app.js', '/app.css']) {
      const res = await request(app).get(asset);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      // no-cache means "revalidate": the ETag of express.static makes that a 304.
      const etag = res.headers.etag;
      expect(etag).toEqual(expect.any(String));
      await request(app)
        .get(asset)
        .set('if-none-match', etag ?? '')
        .expect(304);
    }
  });

  it('answers unknown paths with a problem+json 404', async () => {
    const res = await request(buildTestApp({ apiUrl }).app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
