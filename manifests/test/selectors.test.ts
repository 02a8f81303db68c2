import { App, Chart } from 'cdk8s';
import { loadEnvironment } from '../src/config/load';
import { apiEnv } from '../src/constructs/app-env';
import { WebApp } from '../src/constructs/web-app';
import { GuestbookChart } from '../src/guestbook-chart';
import type { KubeObject } from '../src/render/render-environment';
import { find, synthesizeAll } from './support/environments';

// A Deployment's spec.selector is immutable: if it changed, the next sync would fail with
// "field is immutable". cdk8s-plus derives selectors from the construct path; these must not.

const environment = loadEnvironment('dev');

function selector(object: KubeObject): unknown {
  return (object.spec as { selector: unknown }).selector;
}

describe('selectors', () => {
  it.each(['api', 'frontend'] as const)(
    '%s selects by app name and part-of, in every environment',
    (app) => {
      for (const { objects } of synthesizeAll()) {
        const expected = {
          matchLabels: { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'gitops-lab' },
        };
        expect(selector(find(objects, 'Deployment', app))).toEqual(expected);
        expect(selector(find(objects, 'PodDisruptionBudget', app))).toEqual(expected);
        expect((find(objects, 'Service', app).spec as { selector: unknown }).selector).toEqual(
          expected.matchLabels,
        );
      }
    },
  );

  it('do not change when the construct is renamed or moved', () => {
    const app = new App();
    const chart = new Chart(app, 'a-differently-named-chart');
    const renamed = new WebApp(chart, 'renamed-api-construct', {
      environment,
      app: 'api',
      env: apiEnv(environment),
    });
    const original = find(
      new GuestbookChart(new App(), 'dev', environment).toJson(),
      'Deployment',
      'api',
    );
    expect(renamed.deployment.toJson()).toEqual(original);
  });

  it('match the pod template labels (or the Deployment would be rejected)', () => {
    for (const { objects } of synthesizeAll()) {
      for (const object of objects.filter(
        (o) => o.kind === 'Deployment' || o.kind === 'StatefulSet',
      )) {
        const spec = object.spec as {
          selector: { matchLabels: Record<string, string> };
          template: { metadata: { labels: Record<string, string> } };
        };
        expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
      }
    }
  });
});
