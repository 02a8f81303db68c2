import { createUnknownFieldChecker } from '../src/unknown-fields';

const application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', labels: { 'any-label': 'is fine' } },
  spec: {
    project: 'default',
    source: {
      repoURL: 'https://example.com/repo.git',
      path: 'dist/dev',
      targetRevision: 'main',
      // A free-form object in the schema (`{}`): any field goes.
      helm: { valuesObject: { anything: { at: ['any', 'depth'] } } },
    },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    },
  },
};

const unknownFields = createUnknownFieldChecker([application], {
  modelsPackage: () => '@kubernetes-models/argo-cd',
  resolveFrom: __dirname,
});

describe('the unknown-field checker', () => {
  it('accepts a valid object, labels (a map) and a free-form object included', () => {
    expect(unknownFields(application)).toEqual([]);
  });

  it('flags a misspelt field, with its path (negative control)', () => {
    const misspelt = structuredClone(application);
    Object.assign(misspelt.spec.syncPolicy.automated, { selfheal: true });
    expect(unknownFields(misspelt)).toEqual([
      'Application/web.spec.syncPolicy.automated.selfheal: unknown field',
    ]);
  });

  it('flags a list where the schema has an object, and a field inside a list item', () => {
    const wrong = structuredClone(application) as unknown as { spec: Record<string, unknown> };
    wrong.spec.destination = [{ server: 'https://kubernetes.default.svc' }];
    wrong.spec.ignoreDifferences = [{ kind: 'Secret', jsonPointer: ['/data'] }];
    expect(unknownFields(wrong as never)).toEqual([
      'Application/web.spec.destination: a list where the schema has none',
      'Application/web.spec.ignoreDifferences[0].jsonPointer: unknown field',
    ]);
  });

  it('refuses a kind it did not load rather than passing it', () => {
    expect(() =>
      unknownFields({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: {} }),
    ).toThrow('no schema loaded for argoproj.io/v1alpha1 AppProject');
  });
});
