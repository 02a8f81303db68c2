import { join } from 'node:path';

/** The manifests workspace (src/ and lib/ both sit one level below it). */
export const WORKSPACE_DIR = join(__dirname, '..');
/** Rendered per-environment manifests that Argo CD syncs. */
export const DIST_DIR = join(WORKSPACE_DIR, 'dist');
/** The Helm chart rendered from the same constructs. */
export const HELM_DIR = join(WORKSPACE_DIR, 'helm');
