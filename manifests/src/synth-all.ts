import { join } from 'node:path';
import { loadAllEnvironments } from './config/load.js';
import { renderEnvironmentFiles } from './render/render-environment.js';
import { writeTree } from './render/write-tree.js';

/** Renders every environment into `<outDir>/<env>/`. Returns the directories written. */
export function synthAll(outDir: string, configDir?: string): string[] {
  return loadAllEnvironments(configDir).map((environment) => {
    const dir = join(outDir, environment.name);
    writeTree(dir, renderEnvironmentFiles(environment));
    return dir;
  });
}
