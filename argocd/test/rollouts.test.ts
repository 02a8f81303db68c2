// argocd/rollouts: the Argo Rollouts controller as an Argo CD Application. Offline: the objects
// against the Argo CD CRD models (and no unknown field), the bootstrap project permits the switch
// and the argo-rollouts project permits the chart's source, destination and kinds, the chart is
// pinned, the controller is sized for the lab cluster, and the analysis' default Prometheus
// address is the Service argocd/monitoring creates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { destinationPermitted, kindPermitted } from './support/app-project';
import { describeSwitchObjects, loadSwitchObjects } from './support/opt-in-switch';
import { ARGOCD_DIR, REPO_ROOT, readYamlDocuments } from './support/repo';

interface RolloutsValues {
  controller: {
    replicas: number;
    resources: { requests: Record<string, string>; limits: Record<string, string> };
  };
  dashboard: { enabled: boolean };
  providerRBAC: { enabled: boolean };
}

const objects = loadSwitchObjects('rollouts');
const app = (name: string) => {
  const found = objects.find(
    (o) => o.object.kind === 'Application' && o.object.metadata.name === name,
  );
  if (!found) throw new Error(`no Application ${name} in argocd/rollouts`);
  return found.object as IApplication;
};
const projectObject = objects.find((o) => o.object.kind === 'AppProject');
if (!projectObject) throw new Error('no AppProject in argocd/rollouts');
const project = (projectObject.object as IAppProject).spec;
const controller = app('argo-rollouts');
const values = controller.spec.source?.helm?.valuesObject as RolloutsValues;

/**
 * The kinds argo-helm's argo-rollouts chart 2.41.0 renders with the values above (`helm template`
 * of the chart: 5 CustomResourceDefinitions, 4 ClusterRoles, a ClusterRoleBinding, a
 * ServiceAccount, 2 ConfigMaps and the controller Deployment), plus the Namespace
 * CreateNamespace makes.
 */
const CHART_KINDS = {
  cluster: [
    ['', 'Namespace'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['rbac.authorization.k8s.io', 'ClusterRoleBinding'],
  ],
  namespaced: [
    ['', 'ServiceAccount'],
    ['', 'ConfigMap'],
    ['apps', 'Deployment'],
  ],
} as const;

describeSwitchObjects('rollouts', objects, [
  'AppProject argo-rollouts',
  'Application argo-rollouts',
  'Application gitops-lab-rollouts',
]);

describe('the argo-rollouts project', () => {
  test('permits the controller’s source and destination, and only the namespace argo-rollouts', () => {
    expect(controller.spec.project).toBe('argo-rollouts');
    expect(project.sourceRepos).toEqual([controller.spec.source?.repoURL]);
    expect(project.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'argo-rollouts' },
    ]);
    expect(destinationPermitted(project, controller.spec.destination)).toBe(true);
    expect(
      destinationPermitted(project, { ...controller.spec.destination, namespace: 'monitoring' }),
    ).toBe(false);
  });

  test('permits exactly the kinds the chart renders', () => {
    const listed = (list: { group: string; kind: string }[] | undefined) =>
      (list ?? []).map((e) => `${e.group}/${e.kind}`).sort();
    const expected = (kinds: readonly (readonly [string, string])[]) =>
      kinds.map(([group, kind]) => `${group}/${kind}`).sort();
    expect(listed(project.clusterResourceWhitelist)).toEqual(expected(CHART_KINDS.cluster));
    expect(listed(project.namespaceResourceWhitelist)).toEqual(expected(CHART_KINDS.namespaced));
    expect(kindPermitted(project.namespaceResourceWhitelist, '', 'Secret')).toBe(false);
  });
});

describe('the chart', () => {
  test('is argo-helm’s argo-rollouts, pinned to an exact version, with a fixed release name', () => {
    expect(controller.spec.source).toMatchObject({
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-rollouts',
      targetRevision: '2.41.0',
      helm: { releaseName: 'argo-rollouts' },
    });
  });

  test('runs one controller pod, memory limited, no dashboard and no traffic-router RBAC', () => {
    expect(values.controller.replicas).toBe(1);
    expect(values.controller.resources.requests).toEqual({ cpu: '20m', memory: '64Mi' });
    expect(Object.keys(values.controller.resources.limits)).toEqual(['memory']);
    expect(values.dashboard.enabled).toBe(false);
    expect(values.providerRBAC.enabled).toBe(false);
  });

  test('syncs its large CRDs server-side into a namespace it creates', () => {
    expect(controller.spec.syncPolicy?.syncOptions).toEqual([
      'CreateNamespace=true',
      'ServerSideApply=true',
    ]);
  });
});

test('the analysis’ default Prometheus is the Service of argocd/monitoring’s prometheus app', () => {
  const prometheus = readYamlDocuments(
    join(ARGOCD_DIR, 'monitoring', 'apps', 'prometheus.yaml'),
  )[0] as IApplication;
  const configSchema = JSON.parse(
    readFileSync(join(REPO_ROOT, 'manifests', 'config', 'schema.json'), 'utf8'),
  ) as { properties: { apiRollout: { properties: { prometheusAddress: { default: string } } } } };
  // The chart names its server Service <release>-server and serves it on port 80.
  const service = `${prometheus.spec.source?.helm?.releaseName}-server`;
  expect(configSchema.properties.apiRollout.properties.prometheusAddress.default).toBe(
    `http://${service}.${prometheus.spec.destination.namespace}.svc:80`,
  );
});
