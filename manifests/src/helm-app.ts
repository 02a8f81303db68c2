// Entry point for `cdk8s synth --format helm` (see src/render/helm-chart.ts): the same chart as
// manifests/dist, for the `local` environment, so the Helm week can install it on any cluster
// without touching the namespaces Argo CD manages.
import { App } from 'cdk8s';
import { loadEnvironment } from './config/load.js';
import { GuestbookChart } from './guestbook-chart.js';

const app = new App();
// Chart id `local`, as in manifests/dist/local: cdk8s+ derives its pod address label from it.
new GuestbookChart(app, 'local', loadEnvironment('local'));
app.synth();
