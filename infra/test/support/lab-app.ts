import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type LabConfig, readLabConfig } from '../../src/config';

export const INFRA_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(INFRA_DIR, '..');

/** The context in infra/cdk.json: the defaults a student gets without any -c flag. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(INFRA_DIR, 'cdk.json'), 'utf8')).context;
}

/** An App carrying cdk.json's context, as the CDK CLI would build it, plus overrides. */
export function labApp(overrides: Record<string, unknown> = {}): { app: App; config: LabConfig } {
  const app = new App({ context: { ...cdkJsonContext(), ...overrides } });
  return { app, config: readLabConfig(app.node) };
}
