// The top bar: the frontend's own identity and deployment next to the api version that answered
// last, so version skew between the two independently rolled services is visible.
import type { AppInfo } from '../lib/app-info.js';
import { byId, el, morphChildren, setText } from './dom.js';

function describe(info: AppInfo): string {
  return `${info.version} · pod ${info.pod} · revision ${info.revision.slice(0, 12)} · image ${info.imageTag}`;
}

export class IdentityView {
  private readonly frontend = byId('frontend-identity');
  private readonly api = byId('api-identity');
  private readonly deployment = byId('deployment');

  showFrontend(info: AppInfo): void {
    setText(this.frontend, describe(info));
    const entries: [string, string | undefined][] = [
      ['Repository', info.deployment?.repository],
      ['Environment', info.deployment?.environment],
      ['Argo CD app', info.deployment?.argocdApp],
      ['Namespace', info.namespace],
    ];
    const shown = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
    morphChildren(
      this.deployment,
      shown.map(([term, value]) =>
        el('div', {}, [el('dt', { text: term }), el('dd', { text: value })]),
      ),
    );
    this.deployment.hidden = shown.length === 0;
  }

  showFrontendUnavailable(): void {
    setText(this.frontend, 'unknown (/info did not answer)');
  }

  showApi(info: AppInfo): void {
    setText(this.api, describe(info));
  }
}
