import type { Environment } from 'aws-cdk-lib';
import type { LabConfig } from './config';

/**
 * Region from context; the account only when the CLI found credentials. Without them
 * (offline synth, tests) the stacks stay account-agnostic and need no lookups.
 */
export function labEnv(config: LabConfig, env: NodeJS.ProcessEnv = process.env): Environment {
  return { account: env.CDK_DEFAULT_ACCOUNT, region: config.region };
}
