// Blocks that start a service locally use fixed ports (8080, as inside the containers). When
// something else holds the port, say so plainly instead of failing later with a confusing output.

/** The localhost ports a script starts services on or talks to, e.g. 8080 in `PORT=8080` or `localhost:8080`. */
export function portsUsedBy(script: string): number[] {
  const ports = new Set<number>();
  for (const match of script.matchAll(/\bPORT=(\d+)|\blocalhost:(\d+)/g)) {
    ports.add(Number(match[1] ?? match[2]));
  }
  return [...ports].sort((a, b) => a - b);
}
