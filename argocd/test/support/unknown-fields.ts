import { createUnknownFieldChecker } from '@gitops-lab/test-support';
import type { ArgoCdObject } from './repo';

/** Every field of `objects` that Argo CD's CRD schemas do not define (the check: test-support). */
export function unknownFieldProblems(objects: readonly { object: ArgoCdObject }[]): string[] {
  const all = objects.map(({ object }) => object);
  const unknownFields = createUnknownFieldChecker(all, {
    modelsPackage: () => '@kubernetes-models/argo-cd',
    resolveFrom: __dirname,
  });
  return all.flatMap(unknownFields);
}
