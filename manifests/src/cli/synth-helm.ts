// `npm run synth:helm`: renders only the Helm chart into manifests/helm/.
import { relative } from 'node:path';
import { HELM_DIR } from '../paths.js';
import { renderHelmChart } from '../render/helm-chart.js';
import { runCli } from './run-cli.js';

runCli(() => {
  renderHelmChart(HELM_DIR);
  console.log(`rendered ${relative(process.cwd(), HELM_DIR)}`);
});
