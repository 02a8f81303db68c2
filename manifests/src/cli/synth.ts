// `npm run synth`: renders manifests/dist/<env>/ for every environment, the Helm chart's
// values-<env>.yaml files and the config files' JSON Schema.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from '../config/json-schema.js';
import { CONFIG_DIR, loadAllEnvironments } from '../config/load.js';
import { writeHelmValues } from '../helm/values.js';
import { DIST_DIR, HELM_DIR } from '../paths.js';
import { synthAll } from '../synth-all.js';
import { runCli } from './run-cli.js';

runCli(() => {
  for (const dir of synthAll(DIST_DIR)) console.log(`rendered ${relative(process.cwd(), dir)}`);
  for (const file of writeHelmValues(loadAllEnvironments(), HELM_DIR)) {
    console.log(`rendered ${relative(process.cwd(), file)}`);
  }
  const schemaFile = join(CONFIG_DIR, CONFIG_SCHEMA_FILE);
  writeFileSync(schemaFile, renderConfigJsonSchema());
  console.log(`rendered ${relative(process.cwd(), schemaFile)}`);
});
