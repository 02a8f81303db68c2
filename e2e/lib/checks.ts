/** The pass/fail lines a proof script prints at the end; the exit code follows them. */
export class Checks {
  private readonly results: { name: string; ok: boolean; detail: string }[] = [];

  check(name: string, ok: boolean, detail = ''): boolean {
    this.results.push({ name, ok, detail });
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
    return ok;
  }

  get failed(): number {
    return this.results.filter((r) => !r.ok).length;
  }

  report(title: string): string {
    const lines = this.results.map(
      (r) => `${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.detail ? `  (${r.detail})` : ''}`,
    );
    return [
      `══ ${title}: ${this.results.length - this.failed} passed, ${this.failed} failed`,
      ...lines,
    ].join('\n');
  }
}

/** Runs `cleanups` in reverse order on normal exit, on failure and on SIGINT/SIGTERM. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`[cleanup] ${signal}: stopping what this run started`);
        void this.runAll().finally(() => process.exit(130));
      });
    }
  }

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  async runAll(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      if (!step) break;
      try {
        await step.run();
      } catch (err) {
        console.error(`[cleanup] ${step.name}: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * Runs a proof script's `main`: an exception counts as a failed check, the report is printed,
 * everything started is cleaned up, and the exit code is 1 when any check failed.
 */
export function runProof(
  title: string,
  checks: Checks,
  cleanup: Cleanup,
  main: () => Promise<void>,
): void {
  main()
    .catch((err: Error) => {
      checks.check(`${title} ran to the end`, false, err.stack ?? err.message);
    })
    .finally(async () => {
      console.log(checks.report(title));
      await cleanup.runAll();
      process.exit(checks.failed > 0 ? 1 : 0);
    });
}
