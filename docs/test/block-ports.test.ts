import { portsUsedBy } from './support/block-ports';

test('portsUsedBy finds PORT= settings and localhost URLs', () => {
  expect(
    portsUsedBy('PORT=8080 node main.js &\ncurl http://localhost:8080/readyz\ncurl localhost:3900'),
  ).toEqual([3900, 8080]);
  expect(portsUsedBy('npm run synth')).toEqual([]);
});
