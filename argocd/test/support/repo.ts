// Paths of the real repository and the Argo CD objects it holds.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { parseAllDocuments } from 'yaml';

export type ArgoCdObject = IApplication | IApplicationSet | IAppProject;

export const ARGOCD_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(ARGOCD_DIR, '..');

/** Folders of argocd/ that hold Argo CD objects (install/ holds Helm values, not objects). */
export const OBJECT_DIRS = ['apps', 'bootstrap', 'previews'];

export interface LoadedObject {
  /** `argocd/apps/project.yaml#0`: file and document index, for messages. */
  readonly where: string;
  readonly file: string;
  readonly object: ArgoCdObject;
}

export function readYamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message}`);
    return document.toJS();
  });
}

export function loadArgoCdObjects(root = REPO_ROOT): LoadedObject[] {
  return OBJECT_DIRS.flatMap((dir) =>
    readdirSync(join(root, 'argocd', dir))
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .flatMap((name) => {
        const file = relative(root, join(root, 'argocd', dir, name));
        return readYamlDocuments(join(root, file)).map((object, index) => ({
          where: `${file}#${index}`,
          file,
          object: object as ArgoCdObject,
        }));
      }),
  );
}
