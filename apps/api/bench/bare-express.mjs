// The baseline: a bare Express 5 app answering fixed JSON bodies (no logging, metrics,
// security headers or database). Bodies come from BARE_ROUTES: {"/path": body, ...}.
import express from 'express';

const routes = JSON.parse(process.env.BARE_ROUTES ?? '{}');
const app = express();
for (const [path, body] of Object.entries(routes)) {
  app.get(path, (_req, res) => {
    res.json(body);
  });
}
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
