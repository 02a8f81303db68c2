export { freePort, portIsFree } from './free-port.js';
export { type CommitTreeOptions, commitTree, type Git, gitIn } from './git-repository.js';
export { getOnAgent, httpStatus, type KeepAliveAnswer } from './http-probe.js';
export { kubectlCommand, type LayerBinaries, pinnedKubectlLayer } from './kubectl-layer.js';
export { type LocalServer, listenLocally } from './local-server.js';
export { type NodeProcess, startNodeProcess } from './node-process.js';
export {
  postgresUnavailableReason,
  startPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.js';
export { commandPath, hasCommand, toolAvailable } from './tool-probe.js';
export {
  createUnknownFieldChecker,
  type KubeObjectShape,
  type UnknownFieldCheckerOptions,
} from './unknown-fields.js';
export { waitForHttp200, waitUntil } from './wait-for.js';
