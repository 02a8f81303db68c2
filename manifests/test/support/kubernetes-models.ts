import { createUnknownFieldChecker } from '@gitops-lab/test-support';
import type { KubeObject } from '../../src/render/render-environment';

/** The kubernetes-models class of `object`'s kind, holding it; `validate()` checks the schema. */
export function modelFor(object: KubeObject): { validate(): void } {
  // kubernetes-models ships one module per apiVersion/kind, e.g. kubernetes-models/apps/v1/Deployment.
  const module = require(`kubernetes-models/${object.apiVersion}/${object.kind}`) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  const Model = module[object.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${object.apiVersion} ${object.kind}`);
  return new Model(object);
}

/** The check for fields the schemas of `objects`' kinds do not declare (see test-support). */
export function unknownFieldCheckerFor(objects: readonly KubeObject[]) {
  return createUnknownFieldChecker(objects, {
    // Argo Rollouts' kinds (Rollout, AnalysisTemplate) come from their CRD schemas' models.
    modelsPackage: ({ apiVersion }) =>
      apiVersion.startsWith('argoproj.io/')
        ? '@kubernetes-models/argo-rollouts'
        : 'kubernetes-models',
    resolveFrom: __dirname,
  });
}
