// Argo CD notifications (argocd/install/values.yaml): the deploy status each sync of dev and prod
// sets on the deployed commit. Every template is rendered with Go's own text/template engine,
// the way the notifications controller renders each string of a template, for an Application
// as Argo CD reports it after a successful sync, a failed sync and a degraded rollout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { parse } from 'yaml';
import { renderGoTemplates } from './support/go-template';
import { ARGOCD_DIR, readYamlDocuments } from './support/repo';

interface Notifications {
  enabled: boolean;
  argocdUrl: string;
  secret: { create: boolean };
  notifiers: Record<string, string>;
  templates: Record<string, string>;
  triggers: Record<string, string>;
}
const values = parse(readFileSync(join(ARGOCD_DIR, 'install', 'values.yaml'), 'utf8')) as {
  notifications: Notifications;
  configs: { cm: Record<string, unknown> };
};
const { notifications } = values;
const [environments] = readYamlDocuments(join(ARGOCD_DIR, 'apps', 'environments.yaml')) as [
  IApplicationSet,
];

const DEPLOYED = '4f1c2d3e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d';
const REPO = 'https://github.com/gitops-lab/gitops-lab.git';

/** gitops-lab-dev as the Argo CD API reports it, in one of three states. */
function devApp(state: 'succeeded' | 'failed' | 'degraded') {
  const operationState = {
    phase: state === 'failed' ? 'Failed' : 'Succeeded',
    message:
      state === 'failed'
        ? 'one or more objects failed to apply, reason: resource :ConfigMap is not permitted in project gitops-lab'
        : 'successfully synced (all tasks run)',
    syncResult: { revision: DEPLOYED, source: { repoURL: REPO, path: 'manifests/dist/dev' } },
    startedAt: '2026-12-01T10:00:00Z',
    finishedAt: '2026-12-01T10:00:20Z',
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'gitops-lab-dev', namespace: 'argocd' },
    spec: {
      project: 'gitops-lab',
      source: { repoURL: REPO, targetRevision: 'HEAD', path: 'manifests/dist/dev' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'gitops-lab-dev' },
    },
    status: {
      sync: { status: state === 'failed' ? 'OutOfSync' : 'Synced', revision: DEPLOYED },
      // Argo CD 3 writes only the status here: health.message is deprecated and left empty, so a
      // template that reads it fails to render in this strict engine.
      health: { status: state === 'degraded' ? 'Degraded' : 'Healthy' },
      operationState,
    },
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Renders every string of a notification template (as the controller does), for one app. */
function renderNotification(name: string, app: object): Record<string, Json> {
  const template = notifications.templates[`template.${name}`];
  if (!template) throw new Error(`no template.${name} in values.yaml`);
  const parsed = parse(template) as Json;
  const strings: string[] = [];
  const collect = (value: Json): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(parsed);
  const params = {
    app,
    context: { argocdUrl: notifications.argocdUrl, notificationType: 'github' },
    serviceType: 'github',
  };
  const outputs = renderGoTemplates(strings.map((t) => ({ template: t, params })));
  let i = 0;
  const replace = (value: Json): Json => {
    if (typeof value === 'string') return outputs[i++] ?? '';
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }
    return value;
  };
  return replace(parsed) as Record<string, Json>;
}

const APP_LINK = 'http://localhost:8080/applications/argocd/gitops-lab-dev';

describe('the notifications controller in values.yaml', () => {
  test('is on, with the GitHub App credentials taken from a Secret Helm does not create', () => {
    expect(notifications.enabled).toBe(true);
    expect(notifications.secret).toEqual({ create: false });
    expect(parse(notifications.notifiers['service.github'] ?? '')).toEqual({
      appID: '$github-appID',
      installationID: '$github-installationID',
      privateKey: '$github-privateKey',
    });
    // The keys the script writes are the keys the service reads.
    const script = readFileSync(
      join(ARGOCD_DIR, 'scripts', 'create-notifications-secret.sh'),
      'utf8',
    );
    for (const key of ['github-appID', 'github-installationID', 'github-privateKey']) {
      expect(script).toContain(`${key}=`);
    }
  });

  test('links point at the Argo CD URL the docs open (the port-forward)', () => {
    expect(notifications.argocdUrl).toBe('http://localhost:8080');
    expect(values.configs.cm.url).toBe(notifications.argocdUrl);
  });

  test('every trigger sends a template that exists, once per deployed revision', () => {
    for (const [name, text] of Object.entries(notifications.triggers)) {
      const conditions = parse(text) as Array<{ send: string[]; oncePer: string }>;
      for (const condition of conditions) {
        expect(`${name}: ${condition.oncePer}`).toBe(
          `${name}: app.status.operationState?.syncResult?.revision`,
        );
        for (const template of condition.send) {
          expect(Object.keys(notifications.templates)).toContain(`template.${template}`);
        }
      }
    }
  });

  test('every environment subscribes to each trigger, through the ApplicationSet template', () => {
    const annotations = environments.spec.template.metadata.annotations ?? {};
    const subscribed = Object.keys(annotations)
      .map((key) => /^notifications\.argoproj\.io\/subscribe\.(.+)\.github$/.exec(key)?.[1])
      .filter((trigger) => trigger !== undefined)
      .map((trigger) => `trigger.${trigger}`);
    expect(subscribed.sort()).toEqual(Object.keys(notifications.triggers).sort());
  });
});

describe('the templates, rendered with Go text/template', () => {
  // Each template sets a commit status on the deployed revision; they differ in state, message and link.
  test.each([
    {
      what: 'sync succeeded: a success status on the deployed commit, linking to the sync',
      template: 'gitops-lab-sync-succeeded',
      phase: 'succeeded',
      state: 'success',
      message: 'gitops-lab-dev synced 4f1c2d3',
      targetURL: `${APP_LINK}?operation=true`,
    },
    {
      what: 'sync failed: a failure status with Argo CD’s reason',
      template: 'gitops-lab-sync-failed',
      phase: 'failed',
      state: 'failure',
      message:
        'gitops-lab-dev sync Failed: one or more objects failed to apply, reason: resource :ConfigMap is not permitted in project gitops-lab',
      targetURL: `${APP_LINK}?operation=true`,
    },
    {
      what: 'health degraded: a failure status pointing at Argo CD for the failing resource',
      template: 'gitops-lab-health-degraded',
      phase: 'degraded',
      state: 'failure',
      message: 'gitops-lab-dev is Degraded: a resource failed its health check, see Argo CD',
      targetURL: APP_LINK,
    },
  ] as const)('$what', ({ template, phase, state, message, targetURL }) => {
    expect(renderNotification(template, devApp(phase))).toEqual({
      message,
      github: {
        repoURLPath: REPO,
        revisionPath: DEPLOYED,
        status: { state, label: 'continuous-delivery/gitops-lab-dev', targetURL },
      },
    });
  });

  test('the engine is strict: a misspelt field or a Sprig function fails the render', () => {
    const params = { app: devApp('succeeded') };
    expect(() =>
      renderGoTemplates([{ template: '{{.app.status.opState.phase}}', params }]),
    ).toThrow();
    expect(() =>
      renderGoTemplates([{ template: '{{.app.metadata.name | trunc 7}}', params }]),
    ).toThrow(/trunc/);
  });
});
