// The API server stores resource quantities in canonical form (`1000m` becomes `1`, `1024Mi`
// becomes `1Gi`). A manifest that writes the long form never matches the live object, and
// Argo CD shows it OutOfSync forever. Only canonical spellings are accepted here.

const CPU = /^([1-9][0-9]*)(m?)$/;
const MEMORY = /^([1-9][0-9]*)(Mi|Gi)$/;

/** Why `value` is not a canonical CPU quantity, or undefined when it is. */
export function cpuProblem(value: string): string | undefined {
  const match = CPU.exec(value);
  if (!match) return `"${value}" is not a CPU quantity like "250m" or "2"`;
  const amount = Number(match[1]);
  if (match[2] === 'm' && amount % 1000 === 0) {
    return `"${value}" is not canonical: write "${amount / 1000}"`;
  }
  return undefined;
}

/** Why `value` is not a canonical memory quantity (Mi/Gi), or undefined when it is. */
export function memoryProblem(value: string): string | undefined {
  const match = MEMORY.exec(value);
  if (!match) return `"${value}" is not a memory quantity like "128Mi" or "2Gi"`;
  const amount = Number(match[1]);
  if (amount % 1024 === 0) {
    const bigger = match[2] === 'Mi' ? 'Gi' : 'Ti';
    return `"${value}" is not canonical: write "${amount / 1024}${bigger}"`;
  }
  return undefined;
}

/** Parses a canonical CPU quantity into millicores (for comparisons such as requests <= limits). */
export function cpuMillis(value: string): number {
  return value.endsWith('m') ? Number(value.slice(0, -1)) : Number(value) * 1000;
}

/** Parses a canonical memory quantity into MiB. */
export function memoryMebibytes(value: string): number {
  return value.endsWith('Gi') ? Number(value.slice(0, -2)) * 1024 : Number(value.slice(0, -2));
}
