// Renders a Kustomize directory the way Argo CD's repo server does, with `kubectl kustomize`
// (kustomize is built into kubectl; no cluster needed): the machine's kubectl, else the pinned
// one from test-support. Under CI a missing kubectl is an error; elsewhere the tests that need it
// are skipped with the reason printed.
import { execFileSync } from 'node:child_process';
import { kubectlCommand as findKubectl } from '@gitops-lab/test-support';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

/** The kubectl binary the renders use, when there is one. */
export const kubectlCommand = findKubectl();
export const kubectlAvailable = kubectlCommand !== undefined;

if (!kubectlCommand) {
  const reason = 'kubectl is not installed and the pinned one cannot run here';
  if (process.env.CI === 'true') throw new Error(`${reason}: the kustomize renders cannot run`);
  console.warn(`SKIPPED: ${reason}; the tests that render manifests with kustomize are skipped`);
}

export function kustomizeBuild(dir: string): K8sObject[] {
  if (!kubectlCommand) throw new Error('kubectl is not available');
  const output = execFileSync(kubectlCommand, ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject);
}
