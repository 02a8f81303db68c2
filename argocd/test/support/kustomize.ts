// Renders a Kustomize directory the way Argo CD's repo server does, with `kubectl kustomize`
// (kustomize is built into kubectl; no cluster needed). kubectl is a system tool: under CI it
// must be there, elsewhere the tests that need it say why they skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

export const kubectlAvailable =
  spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

if (!kubectlAvailable) {
  if (process.env.CI === 'true') {
    throw new Error('kubectl is required under CI (it renders the Kustomize directories)');
  }
  console.warn('kubectl not found: the tests that render manifests with kustomize are skipped');
}

export function kustomizeBuild(dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as K8sObject);
}
