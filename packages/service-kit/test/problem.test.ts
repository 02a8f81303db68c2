import express from 'express';
import pino from 'pino';
import request from 'supertest';
import {
  jsonBody,
  MAX_BODY_BYTES,
  methodNotAllowed,
  notFoundHandler,
  problemErrorHandler,
  sendValidationProblem,
} from '../src/problem';

function app() {
  const server = express();
  server
    .route('/things')
    .post(jsonBody(), (req, res) => {
      if (typeof req.body?.name !== 'string') {
        sendValidationProblem(res, [{ field: 'name', detail: 'must be a string' }]);
        return;
      }
      res.status(201).json({ name: req.body.name });
    })
    .all(methodNotAllowed(['POST']));
  server.get('/boom', () => {
    throw new Error('secret internals at /srv/app.js:42');
  });
  server.use(notFoundHandler);
  server.use(problemErrorHandler(pino({ level: 'silent' })));
  return server;
}

const problemType = /^application\/problem\+json/;

describe('problem+json responses', () => {
  it.each([
    ['malformed JSON', '{"name": ', 'application/json', 400, 'Malformed JSON', 'body'],
    [
      'a non-JSON body',
      'name=x',
      'application/x-www-form-urlencoded',
      415,
      'Unsupported Media Type',
      'content-type',
    ],
    [
      'an oversized body',
      JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }),
      'application/json',
      413,
      'Payload Too Large',
      'body',
    ],
    ['a wrong type', '{"name": 5}', 'application/json', 400, 'Invalid request', 'name'],
  ])('%s gives %s', async (_case, body, contentType, status, title, field) => {
    const res = await request(app()).post('/things').set('content-type', contentType).send(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(problemType);
    expect(res.body).toMatchObject({ type: 'about:blank', title, status });
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('accepts a valid body', async () => {
    const res = await request(app()).post('/things').send({ name: 'ok' });
    expect(res.status).toBe(201);
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    const notFound = await request(app()).get('/nope');
    expect(notFound.status).toBe(404);
    expect(notFound.body.detail).toBe('No route for GET /nope');
    const wrongMethod = await request(app()).delete('/things');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(wrongMethod.headers['content-type']).toMatch(problemType);
  });

  it('hides the error behind an opaque 500', async () => {
    const res = await request(app()).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(res.text).not.toContain('secret');
  });

  it('maps an undecodable path to 400, not 500', async () => {
    const server = express();
    server.get('/things/:id', (req, res) => {
      res.json(req.params);
    });
    server.use(problemErrorHandler(pino({ level: 'silent' })));
    const res = await request(server).get('/things/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(problemType);
  });
});
