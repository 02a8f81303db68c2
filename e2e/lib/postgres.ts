// Kept only for scripts/test-containers.ts, which still imports it from here.
export { startPostgres } from '@gitops-lab/test-support';
