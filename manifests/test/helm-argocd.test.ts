// manifests/helm/argocd/application.yaml: the Argo CD Application that renders the chart itself
// (week 4, "Helm and Argo CD"). Valid against Argo CD's CRD schema, and what Argo CD would render
// from it (helm template with its release name, namespace and value files) is the chart's parity
// render of manifests/dist/dev.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { parse } from 'yaml';
import { comparableObjects, PARITY_RENDER_FLAGS } from '../src/helm/parity';
import { HELM_DIR, WORKSPACE_DIR } from '../src/paths';
import type { KubeObject } from '../src/render/render-environment';
import { helmBinary, helmTemplate } from './support/helm';

const helmIt = helmBinary ? it : it.skip;
const application = parse(
  readFileSync(join(HELM_DIR, 'argocd', 'application.yaml'), 'utf8'),
) as IApplication;
const source = application.spec.source;

describe('the Argo CD Application of the chart', () => {
  it('validates against the Application CRD schema', () => {
    expect(() => new Application(application).validate()).not.toThrow();
  });

  it('points at manifests/helm and value files that exist there', () => {
    expect(source?.path).toBe('manifests/helm');
    expect(source?.helm?.valueFiles).toEqual(['values-dev.yaml']);
    for (const file of source?.helm?.valueFiles ?? []) {
      expect(existsSync(join(WORKSPACE_DIR, '..', source?.path ?? '', file))).toBe(true);
    }
  });

  helmIt('renders, as Argo CD would, the objects of manifests/dist/dev', () => {
    const namespace = application.spec.destination.namespace ?? '';
    const rendered = helmTemplate(
      source?.helm?.releaseName ?? application.metadata?.name ?? '',
      HELM_DIR,
      '--namespace',
      namespace,
      ...(source?.helm?.valueFiles ?? []).flatMap((file) => ['--values', join(HELM_DIR, file)]),
      ...PARITY_RENDER_FLAGS,
    );
    const asDev = (objects: KubeObject[]) =>
      comparableObjects(objects.filter((object) => object.kind !== 'Namespace'));
    // Only the namespace and the release's instance label differ from the dev render.
    const dev = helmTemplate(
      'gitops-lab-dev',
      HELM_DIR,
      '--namespace',
      'gitops-lab-dev',
      '--values',
      join(HELM_DIR, 'values-dev.yaml'),
      ...PARITY_RENDER_FLAGS,
    );
    const relabel = (text: string) =>
      text
        .replaceAll(namespace, 'gitops-lab-dev')
        .replaceAll(source?.helm?.releaseName ?? '', 'gitops-lab-dev');
    expect(JSON.parse(relabel(JSON.stringify(asDev(rendered))))).toEqual(asDev(dev));
  });
});
