// argocd/monitoring and argocd/rollouts are opt-in: one Application (the switch, gitops-lab-<name>,
// in <name>-app.yaml) syncs the folder's apps/ (an AppProject and its Applications). Both folders
// must pass the same checks; each test file adds what is particular to its folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Application, AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { destinationPermitted, kindPermitted } from './app-project';
import { ARGOCD_DIR, readYamlDocuments } from './repo';
import { unknownFieldProblems } from './unknown-fields';

export type SwitchName = 'monitoring' | 'rollouts';

export interface SwitchObject {
  /** `argocd/<name>/<file>`, for test names. */
  readonly where: string;
  readonly object: IApplication | IAppProject;
}

/** The switch and every object of argocd/<name>/apps. */
export function loadSwitchObjects(name: SwitchName): SwitchObject[] {
  const dir = join(ARGOCD_DIR, name);
  const files = [
    `${name}-app.yaml`,
    ...readdirSync(join(dir, 'apps')).map((file) => join('apps', file)),
  ];
  return files.flatMap((file) =>
    readYamlDocuments(join(dir, file)).map((object) => ({
      where: `argocd/${name}/${file}`,
      object: object as IApplication | IAppProject,
    })),
  );
}

/** The checks every opt-in folder shares; `expected` lists its objects as `<kind> <name>`. */
export function describeSwitchObjects(
  name: SwitchName,
  objects: readonly SwitchObject[],
  expected: readonly string[],
): void {
  const bootstrapProject = (
    readYamlDocuments(join(ARGOCD_DIR, 'bootstrap', 'project.yaml'))[0] as IAppProject
  ).spec;
  const switchName = `gitops-lab-${name}`;
  const switchApp = () => {
    const found = objects.find((o) => o.object.metadata.name === switchName)?.object;
    if (found?.kind !== 'Application') throw new Error(`no Application ${switchName}`);
    return found as IApplication;
  };

  describe('the objects', () => {
    test(`are ${expected.join(', ')}`, () => {
      expect(objects.map((o) => `${o.object.kind} ${o.object.metadata.name}`).sort()).toEqual(
        [...expected].sort(),
      );
    });

    test.each(objects.map((o) => [o.where, o.object]))(
      '%s is valid against the CRD schema',
      (_, object) => {
        if (object.kind === 'Application') new Application(object as IApplication).validate();
        else new AppProject(object as IAppProject).validate();
      },
    );

    test('have no field the CRD schemas do not define', () => {
      expect(unknownFieldProblems(objects)).toEqual([]);
    });

    test('the unknown-field check catches a misspelt field (negative control)', () => {
      const broken = structuredClone(switchApp()) as IApplication & {
        spec: Record<string, unknown>;
      };
      broken.spec.syncPolicy = { automated: { prune: true, selfheal: true } } as never;
      expect(unknownFieldProblems([{ object: broken }]).join('\n')).toMatch(/selfheal/);
    });

    test(`the switch syncs argocd/${name}/apps within what the bootstrap project permits`, () => {
      const root = switchApp();
      expect(root.spec.project).toBe('gitops-lab-bootstrap');
      expect(root.spec.source?.path).toBe(`argocd/${name}/apps`);
      expect(destinationPermitted(bootstrapProject, root.spec.destination)).toBe(true);
      for (const { object } of objects.filter((o) => o.object !== root)) {
        expect(object.metadata.namespace).toBe('argocd');
        expect(
          kindPermitted(bootstrapProject.namespaceResourceWhitelist, 'argoproj.io', object.kind),
        ).toBe(true);
      }
    });
  });
}
