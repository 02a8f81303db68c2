// Classroom traffic: a few students who each load a page, read for a while, and load it again.
// Unlike the steady load (load.ts), a student's connection to the load balancer, and the balancer's
// pooled connection to a target, sit idle between visits: the gaps test the targets' keep-alive.
import http from 'node:http';
import { type RequestKind, type RequestRecord, sendRecorded } from './load';

/**
 * Node 20 closes a keep-alive connection about 6 s after its last response when `keepAliveTimeout`
 * is its default 5 s (measured here: 6003 ms). A request that reaches the target within a few ms of
 * that close is lost: the balancer sent it over a connection the target was closing. Over a lesson
 * some students' reading pauses land there; the default gaps compress that into a minute by sweeping
 * 1 ms apart through ±15 ms around the close. Against a target whose keep-alive outlasts the
 * balancer's 60 s, the same gaps are harmless.
 */
export function classroomGapMs(student: number, visit: number, students: number): number {
  const SWEEP = 31;
  return 6000 - 15 + ((visit * students + student) % SWEEP);
}

export interface ClassroomOptions {
  /** One listener per load-balancer node; student `i` talks to node `i % nodes` (its DNS answer). */
  nodeUrls: string[];
  students: number;
  /** The requests of one visit, one after the other over the student's connection. */
  visit: RequestKind[];
  /** Idle gap after visit `visit` of `student` (default `classroomGapMs`). */
  gapMs?: (student: number, visit: number, students: number) => number;
  timeoutMs?: number;
}

export interface ClassroomRun {
  records: RequestRecord[];
  /** Stops after each student's current visit; resolves with every record. */
  stop(): Promise<RequestRecord[]>;
}

export function startClassroom(options: ClassroomOptions): ClassroomRun {
  const gapMs = options.gapMs ?? classroomGapMs;
  const records: RequestRecord[] = [];
  const started = Date.now();
  let stopped = false;
  const wakeUps = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakeUps.add(wake);
    });

  const student = async (index: number) => {
    const baseUrl = options.nodeUrls[index % options.nodeUrls.length] as string;
    // Students arrive spread over the first second.
    await pause((index * 1000) / options.students);
    for (let visit = 0; !stopped; visit++) {
      // Each visit on a new connection, kept alive for the visit's requests. (HAProxy answers a
      // request lost on a reused target connection by silently closing a *reused* client
      // connection, so that a browser retries it; an ALB answers 502. A new connection per visit
      // gets the ALB's answer.)
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (const kind of options.visit) {
        const seq = visit * options.visit.length + options.visit.indexOf(kind);
        records.push(
          await sendRecorded(agent, baseUrl, kind, seq, started, options.timeoutMs ?? 10_000),
        );
      }
      agent.destroy();
      if (!stopped) await pause(gapMs(index, visit, options.students));
    }
  };
  const running = Promise.all(Array.from({ length: options.students }, (_, i) => student(i)));

  return {
    records,
    async stop() {
      stopped = true;
      for (const wake of [...wakeUps]) wake();
      await running;
      return records;
    },
  };
}
