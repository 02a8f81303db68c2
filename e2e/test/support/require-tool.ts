import { hasCommand, postgresUnavailableReason } from '@gitops-lab/test-support';

/** `postgres` means a PostgreSQL server install (on PATH or Debian's versioned bin dir). */
const hasTool = (tool: string) =>
  tool === 'postgres' ? postgresUnavailableReason() === undefined : hasCommand(tool);

/**
 * `describe` when every tool is present (`postgres`: see hasTool). When one is missing: under CI=true the suite fails (a
 * missing tool must never pass silently there); elsewhere it is skipped with the reason printed.
 */
export function describeWithTools(tools: string[], title: string, body: () => void): void {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = `${title}: missing ${missing.join(', ')} (install with scripts/install-system-deps.sh)`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('has its system tools', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`skipped: ${reason}`);
  describe.skip(title, body);
}
