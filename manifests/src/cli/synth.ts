// `npm run synth`: renders manifests/dist/<env>/ for every environment and the Helm chart.
import { relative } from 'node:path';
import { DIST_DIR, HELM_DIR } from '../paths.js';
import { renderHelmChart } from '../render/helm-chart.js';
import { synthAll } from '../synth-all.js';
import { runCli } from './run-cli.js';

runCli(() => {
  for (const dir of synthAll(DIST_DIR)) console.log(`rendered ${relative(process.cwd(), dir)}`);
  renderHelmChart(HELM_DIR);
  console.log(`rendered ${relative(process.cwd(), HELM_DIR)}`);
});
