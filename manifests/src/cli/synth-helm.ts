// `npm run synth:helm`: writes only the chart's values-<env>.yaml files (manifests/helm), from
// manifests/config/<env>.json. The chart itself is written by hand.
import { relative } from 'node:path';
import { loadAllEnvironments } from '../config/load.js';
import { writeHelmValues } from '../helm/values.js';
import { HELM_DIR } from '../paths.js';
import { runCli } from './run-cli.js';

runCli(() => {
  for (const file of writeHelmValues(loadAllEnvironments(), HELM_DIR)) {
    console.log(`rendered ${relative(process.cwd(), file)}`);
  }
});
