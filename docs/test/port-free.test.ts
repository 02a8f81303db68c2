import { createServer } from 'node:net';
import { portIsFree, portsUsedBy } from './lib/port-free';

test('portsUsedBy finds PORT= settings and localhost URLs', () => {
  expect(
    portsUsedBy('PORT=8080 node main.js &\ncurl http://localhost:8080/readyz\ncurl localhost:3900'),
  ).toEqual([3900, 8080]);
  expect(portsUsedBy('npm run synth')).toEqual([]);
});

test('portIsFree tells a taken port from a free one', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  expect(await portIsFree(port)).toBe(false);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  expect(await portIsFree(port)).toBe(true);
});
