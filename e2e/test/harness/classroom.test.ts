import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { classroomGapMs, startClassroom } from '../../lib/classroom';

describe('classroom traffic', () => {
  it('sweeps idle gaps 1 ms apart through ±15 ms around the moment Node 20 closes an idle socket', () => {
    const gaps = new Set<number>();
    for (let visit = 0; visit < 8; visit++) {
      for (let student = 0; student < 4; student++) gaps.add(classroomGapMs(student, visit, 4));
    }
    expect(Math.min(...gaps)).toBe(5985);
    expect(Math.max(...gaps)).toBe(6015);
    expect(gaps.size).toBe(31);
  });

  describe('against a server', () => {
    let server: http.Server;
    let url: string;
    /** Per request: the client port (one per connection) and the student's request path. */
    const seen: { socket: number; path: string }[] = [];
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        seen.push({ socket: req.socket.remotePort ?? 0, path: req.url ?? '' });
        res.setHeader('x-app-version', 'X');
        res.statusCode = req.url === '/broken' ? 502 : 200;
        res.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => server.close());

    it('sends each visit in order over one new connection per visit, with gaps between', async () => {
      const classroom = startClassroom({
        nodeUrls: [url],
        students: 2,
        visit: [
          { name: 'page', weight: 1, method: 'GET', path: '/page', ok: [200] },
          { name: 'broken', weight: 1, method: 'GET', path: '/broken', ok: [200] },
        ],
        gapMs: () => 300,
      });
      await new Promise((r) => setTimeout(r, 1300));
      const records = await classroom.stop();
      // 2 students, a visit every ~300 ms for 1.3 s (the second starts 0.5 s late): 3-5 visits each.
      expect(records.length % 2).toBe(0);
      expect(records.length).toBeGreaterThanOrEqual(12);
      expect(records.length).toBeLessThanOrEqual(20);
      expect(records.filter((r) => r.failed).map((r) => r.kind)).toEqual(
        records.filter((r) => r.kind === 'broken').map(() => 'broken'),
      );
      // Within a visit the second request reuses the first one's connection; visits never share one.
      const visits = new Map<number, string[]>();
      for (const s of seen) visits.set(s.socket, [...(visits.get(s.socket) ?? []), s.path]);
      expect([...visits.values()].every((paths) => paths.join() === '/page,/broken')).toBe(true);
      expect(visits.size).toBe(records.length / 2);
    });
  });
});
