import { ApiObject, App, Chart } from 'cdk8s';
import { loadEnvironment } from '../src/config/load';
import { apiEnv } from '../src/constructs/app-env';
import { WebApp } from '../src/constructs/web-app';
import { GuestbookChart } from '../src/guestbook-chart';
import type { KubeObject } from '../src/render/render-environment';
import { find, synthesizeAll } from './support/environments';

// A Deployment's spec.selector is immutable: if it changed, the next sync would fail with
// "field is immutable". cdk8s-plus derives selectors from the construct path (its
// cdk8s.io/metadata.addr label); these must not.

const ADDRESS_LABEL = 'cdk8s.io/metadata.addr';
// local: the api has no HPA there, so the WebApp alone renders the whole Deployment.
const environment = loadEnvironment('local');

function selector(object: KubeObject): unknown {
  return (object.spec as { selector: unknown }).selector;
}

function withoutAddressLabel(object: KubeObject): KubeObject {
  const copy = structuredClone(object) as KubeObject & {
    spec: { template: { metadata: { labels: Record<string, string> } } };
  };
  delete copy.spec.template.metadata.labels[ADDRESS_LABEL];
  return copy;
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
    const chart = new Chart(new App(), 'a-differently-named-chart');
    const renamed = new WebApp(chart, 'renamed-api-construct', {
      environment,
      app: 'api',
      env: apiEnv(chart, environment),
    });
    const original = new GuestbookChart(new App(), 'local', environment).toJson() as KubeObject[];
    const moved = ApiObject.of(renamed.deployment).toJson() as KubeObject;
    expect(selector(moved)).toEqual(selector(find(original, 'Deployment', 'api')));
    expect((ApiObject.of(renamed.service).toJson() as KubeObject).spec).toEqual(
      find(original, 'Service', 'api').spec,
    );
    // The only difference: cdk8s+ labels the pods with their construct address (in no selector).
    expect(withoutAddressLabel(moved)).toEqual(
      withoutAddressLabel(find(original, 'Deployment', 'api')),
    );
  });

  it('never use the construct address, except the postgres Service cdk8s+ points at its StatefulSet', () => {
    for (const { objects } of synthesizeAll()) {
      for (const object of objects) {
        const json = JSON.stringify(
          object.kind === 'NetworkPolicy' ? object.spec : (selector(object) ?? null),
        );
        const isPostgresService = object.kind === 'Service' && object.metadata.name === 'postgres';
        expect([`${object.kind}/${object.metadata.name}`, json.includes(ADDRESS_LABEL)]).toEqual([
          `${object.kind}/${object.metadata.name}`,
          isPostgresService,
        ]);
      }
      // A Service selector may change (it is not immutable); it must still match the pods.
      const postgresPods = (
        find(objects, 'StatefulSet', 'postgres').spec as {
          template: { metadata: { labels: Record<string, string> } };
        }
      ).template.metadata.labels;
      expect(postgresPods).toMatchObject(
        (find(objects, 'Service', 'postgres').spec as { selector: Record<string, string> })
          .selector,
      );
    }
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
