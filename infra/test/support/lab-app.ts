import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type LabConfig, readLabConfig } from '../../src/config';

export const INFRA_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(INFRA_DIR, '..');

/** The context in infra/cdk.json: the defaults a student gets without any -c flag. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(INFRA_DIR, 'cdk.json'), 'utf8')).context;
}

// Each App synthesises into its own scratch folder (the EKS stack stages the ~50 MB kubectl
// layer there), removed when the test file is done.
const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

/** An App carrying cdk.json's context, as the CDK CLI would build it, plus overrides. */
export function labApp(overrides: Record<string, unknown> = {}): { app: App; config: LabConfig } {
  const outdir = mkdtempSync(join(tmpdir(), 'infra-test-cdk-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJsonContext(), ...overrides } });
  return { app, config: readLabConfig(app.node) };
}
