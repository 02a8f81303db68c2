import type { Environment } from '../../src/config/load';
import { loadAllEnvironments } from '../../src/config/load';
import { type KubeObject, synthesizeObjects } from '../../src/render/render-environment';

export interface SynthesizedEnvironment {
  readonly environment: Environment;
  readonly objects: KubeObject[];
}

/** Every committed environment config, synthesised in memory. */
export function synthesizeAll(): SynthesizedEnvironment[] {
  return loadAllEnvironments().map((environment) => ({
    environment,
    objects: synthesizeObjects(environment),
  }));
}

export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}
