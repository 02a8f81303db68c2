import { hasCommand } from '../../lib/tools';

/**
 * `describe` when every tool is present. When one is missing: under CI=true the suite fails (a
 * missing tool must never pass silently there); elsewhere it is skipped with the reason printed.
 */
export function describeWithTools(tools: string[], title: string, body: () => void): void {
  const missing = tools.filter((t) => !hasCommand(t));
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
