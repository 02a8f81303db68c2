import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type InfraNetwork, loadInfraNetwork } from './network.js';
import { ENVIRONMENTS, type EnvironmentConfig, type EnvironmentName } from './schema.js';
import { ConfigError, validateConfig } from './validate.js';

/** A validated config with the environment it belongs to and the network it runs in. */
export interface Environment {
  readonly name: EnvironmentName;
  readonly config: EnvironmentConfig;
  readonly network: InfraNetwork;
}

/** manifests/config, next to src/ (and lib/ once compiled). */
export const CONFIG_DIR = join(__dirname, '..', '..', 'config');

/** Reads and validates manifests/config/<name>.json. */
export function loadEnvironment(name: EnvironmentName, configDir = CONFIG_DIR): Environment {
  const file = join(configDir, `${name}.json`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(name, [`cannot read ${file}: ${(error as Error).message}`]);
  }
  return { name, config: validateConfig(name, json), network: loadInfraNetwork() };
}

/** Every environment, in a fixed order. */
export function loadAllEnvironments(configDir = CONFIG_DIR): Environment[] {
  return ENVIRONMENTS.map((name) => loadEnvironment(name, configDir));
}
