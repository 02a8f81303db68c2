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
