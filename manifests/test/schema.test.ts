import type { KubeObject } from '../src/render/render-environment';
import { synthesizeAll } from './support/environments';
import { modelFor, unknownFieldCheckerFor } from './support/kubernetes-models';

const synthesized = synthesizeAll();
const allObjects = synthesized.flatMap(({ objects }) => objects);
const unknownFields = unknownFieldCheckerFor(allObjects);

describe.each(synthesized.map((entry) => [entry.environment.name, entry.objects] as const))(
  'every object of %s',
  (_name, objects) => {
    it.each(objects.map((object) => [`${object.kind}/${object.metadata.name}`, object] as const))(
      '%s validates against the Kubernetes schema',
      (_id, object) => {
        expect(() => modelFor(object).validate()).not.toThrow();
      },
    );

    it.each(objects.map((object) => [`${object.kind}/${object.metadata.name}`, object] as const))(
      '%s has no field the schema does not know',
      (_id, object) => {
        expect(unknownFields(object)).toEqual([]);
      },
    );
  },
);

describe('the schema checks themselves', () => {
  const deployment = allObjects.find((object) => object.kind === 'Deployment') as KubeObject;

  it('kubernetes-models rejects a wrong type', () => {
    const broken = structuredClone(deployment) as KubeObject & { spec: Record<string, unknown> };
    broken.spec.replicas = 'three';
    expect(() => modelFor(broken).validate()).toThrow(/replicas/);
  });

  it('reports a misspelt field deep inside a pod template', () => {
    const broken = structuredClone(deployment) as KubeObject & {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    const container = broken.spec.template.spec.containers[0] as Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    expect(unknownFields(broken)).toEqual([
      `Deployment/${deployment.metadata.name}.spec.template.spec.containers[0].readinesProbe: unknown field`,
    ]);
  });

  it('accepts any key in maps such as labels and annotations', () => {
    const labelled = structuredClone(deployment) as KubeObject & {
      metadata: { labels: Record<string, string> };
    };
    labelled.metadata.labels['example.com/anything'] = 'yes';
    expect(unknownFields(labelled)).toEqual([]);
  });
});
