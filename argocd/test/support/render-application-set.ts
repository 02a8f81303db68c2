// Renders an ApplicationSet's Applications for given generator parameters the way the
// ApplicationSet controller does with goTemplate: every string of `template` is a Go template
// (missing keys are errors, as with missingkey=error), then the rendered `templatePatch` is
// merged over the result. Go's text/template only: the Sprig functions Argo CD adds (`upper`,
// `default`, ...) are not there, and a template that uses one fails here, loudly.
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { parse } from 'yaml';
import { renderGoTemplates } from './go-template';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Params = Record<string, unknown>;

function collectStrings(value: Json, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

function replaceStrings(value: Json, next: () => string): Json {
  if (typeof value === 'string') return next();
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, next));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, next)]));
  }
  return value;
}

/** Map-into-map merge; the patches here only add fields, so lists are refused, not guessed at. */
function mergePatch(target: Json, patch: Json, path: string): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    if (Array.isArray(patch))
      throw new Error(`templatePatch sets a list at ${path}: not modelled here`);
    return patch;
  }
  const base =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {};
  const merged: { [key: string]: Json } = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    merged[key] = mergePatch(base[key] ?? null, value, `${path}/${key}`);
  }
  return merged;
}

export function renderApplications(
  applicationSet: IApplicationSet,
  paramSets: Params[],
): IApplication[] {
  const template = JSON.parse(JSON.stringify(applicationSet.spec.template)) as Json;
  const { templatePatch } = applicationSet.spec;
  const strings: string[] = [];
  collectStrings(template, strings);
  const jobs = paramSets.flatMap((params) => [
    ...strings.map((s) => ({ template: s, params })),
    ...(templatePatch === undefined ? [] : [{ template: templatePatch, params }]),
  ]);
  const outputs = renderGoTemplates(jobs);
  let cursor = 0;
  return paramSets.map(() => {
    let rendered = replaceStrings(template, () => outputs[cursor++] ?? '');
    if (templatePatch !== undefined) {
      // A patch that renders to nothing (the `if` was false) changes nothing.
      const patch = (parse(outputs[cursor++] ?? '') ?? null) as Json;
      if (patch !== null) rendered = mergePatch(rendered, patch, '');
    }
    const { metadata, spec } = rendered as unknown as Pick<IApplication, 'metadata' | 'spec'>;
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { ...metadata, namespace: applicationSet.metadata.namespace ?? 'argocd' },
      spec,
    };
  });
}
