import { readFileSync } from 'node:fs';

export interface ResidentMemory {
  /** Resident set size now (VmRSS), MiB. */
  rssMiB: number;
  /** The highest resident set size since the process started (VmHWM), MiB. */
  peakMiB: number;
}

/**
 * Resident memory of a host process from /proc/<pid>/status. For a container's PID 1 this is the
 * Node process itself: what the kubelet's working-set figure is mostly made of, without page cache.
 */
export function residentMemory(hostPid: number): ResidentMemory {
  const status = readFileSync(`/proc/${hostPid}/status`, 'utf8');
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${hostPid}/status`);
    return Number(match[1]) / 1024;
  };
  return { rssMiB: kib('VmRSS'), peakMiB: kib('VmHWM') };
}
