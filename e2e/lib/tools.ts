// Kept only for the modules that still import it from here (docker-engine.ts, node-base-image.ts).
export { hasCommand } from '@gitops-lab/test-support';
