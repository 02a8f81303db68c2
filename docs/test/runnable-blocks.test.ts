// Runs every `bash` block of the guide, page by page and in page order, in a scratch copy of the
// working tree (see support/scratch-repo.ts), and checks each `text output` excerpt against what the
// block before it printed. Between them, each `bash cluster` block is replayed offline against the
// files as the page's earlier blocks left them (support/cluster-replay.ts): the objects it creates or
// changes must pass the API server's rules. The Korean pages are not run again: parity.test.ts
// proves their blocks are byte-identical to the English ones.
import { join } from 'node:path';
import { portIsFree } from '@gitops-lab/test-support';
import { portsUsedBy } from './support/block-ports';
import { CLI_TOOLS, missingFromPath, pinnedCliToolsBin } from './support/cli-tools';
import { replayClusterBlock, syncedCluster } from './support/cluster-replay';
import { classifyFence, missingExpectedLine } from './support/command-blocks';
import { allDocPages, DOCS_DIR, type DocPage, REPO_ROOT } from './support/doc-pages';
import type { Fence } from './support/markdown';
import type { OfflineCluster } from './support/offline-cluster';
import type { ReplayTools } from './support/replay-command';
import { type BlockResult, runBlock } from './support/run-block';
import { createScratchRepo, removeScratchRepo } from './support/scratch-repo';
import { UNCHECKED_CLUSTER_COMMANDS } from './unchecked-cluster-commands';

const BLOCK_TIMEOUT_MS = 4 * 60_000;
const OUTPUT_TAIL_LINES = 60;

const isRunnable = (fence: Fence): boolean => classifyFence(fence).kind === 'run';
const isClusterBlock = (fence: Fence): boolean => {
  const kind = classifyFence(fence);
  return kind.kind === 'skip' && kind.tag === 'cluster';
};

const pagesWithRunnableBlocks = allDocPages().filter(
  (page) =>
    !page.path.startsWith('docs/ko/') &&
    page.doc.fences.some((f) => isRunnable(f) || isClusterBlock(f)),
);

const pinnedBin = pinnedCliToolsBin(DOCS_DIR);
const blockPath = pinnedBin ? `${pinnedBin}:${process.env.PATH ?? ''}` : (process.env.PATH ?? '');
const missingTools = missingFromPath(blockPath);

function blockEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: blockPath,
    TURBO_TELEMETRY_DISABLED: '1',
    // One turbo cache for every page's scratch copy (and between runs): a page that builds what
    // an earlier page built gets a cache hit.
    TURBO_CACHE_DIR: join(DOCS_DIR, 'test-artifacts', 'turbo-cache'),
    TURBO_NO_UPDATE_NOTIFIER: '1',
    CDK8S_CHECK_UPGRADE: 'false',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  // The blocks must behave as on a student's fork, identified by its git remote, not by the
  // repository this test happens to run in on GitHub Actions.
  delete env.GITHUB_REPOSITORY;
  delete env.GITHUB_ACTIONS;
  return env;
}

function tail(output: string): string {
  return output.trimEnd().split('\n').slice(-OUTPUT_TAIL_LINES).join('\n');
}

test('the guide has runnable blocks to check', () => {
  expect(pagesWithRunnableBlocks.length).toBeGreaterThan(0);
});

/** The tools a page's runnable blocks call (or its cluster blocks' replay needs) that this machine lacks. */
function toolsMissingFor(page: DocPage): string[] {
  if (page.doc.fences.some(isClusterBlock)) return missingTools;
  const scripts = page.doc.fences
    .filter((fence) => classifyFence(fence).kind === 'run')
    .map((fence) => fence.body)
    .join('\n');
  return missingTools.filter((tool) => new RegExp(`\\b${tool}\\b`).test(scripts));
}

describe.each(pagesWithRunnableBlocks.map((page) => [page.path, page] as const))(
  '%s',
  (_path: string, page: DocPage) => {
    const lacking = toolsMissingFor(page);
    if (lacking.length > 0) {
      // CI must prove every page; a laptop without the tools skips the page and says why.
      const reason = `${page.path}: ${lacking.join(' and ')} not found on PATH (${CLI_TOOLS.join(', ')} are needed by its blocks)`;
      if (process.env.CI) {
        test('has the tools its blocks need', () => {
          throw new Error(reason);
        });
      } else {
        console.warn(`skipped ${reason}`);
        test.skip('has the tools its blocks need', () => undefined);
      }
      return;
    }
    // A page without runnable blocks changes no file: its cluster blocks replay against the tree.
    const needsScratch = page.doc.fences.some(isRunnable);
    let scratch = '';
    let env: NodeJS.ProcessEnv = {};
    let previous: BlockResult | undefined;
    let failedAt: string | undefined;
    let cluster: OfflineCluster | undefined;
    let tools: ReplayTools | undefined;

    beforeAll(() => {
      scratch = needsScratch ? createScratchRepo(REPO_ROOT) : REPO_ROOT;
      env = blockEnv();
      if (page.doc.fences.some(isClusterBlock)) {
        tools = {
          kubectl: pinnedBin ? join(pinnedBin, 'kubectl') : 'kubectl',
          helm: pinnedBin ? join(pinnedBin, 'helm') : 'helm',
          cwd: scratch,
        };
        cluster = syncedCluster(tools);
      }
    }, 120_000);
    afterAll(() => {
      if (needsScratch && scratch) removeScratchRepo(scratch);
    });

    const steps = page.doc.fences.filter(
      (fence) =>
        ['run', 'expected-output'].includes(classifyFence(fence).kind) || isClusterBlock(fence),
    );
    test.each(steps.map((fence) => [`${page.path}:${fence.line}`, fence] as const))(
      '%s',
      async (where, fence) => {
        if (failedAt) throw new Error(`${where}: not run, the block at ${failedAt} failed first`);
        if (isClusterBlock(fence)) {
          if (!cluster || !tools) throw new Error(`${where}: no offline cluster to replay on`);
          const problems = replayClusterBlock(
            cluster,
            page.path,
            fence.body,
            tools,
            UNCHECKED_CLUSTER_COMMANDS,
          );
          if (problems.length > 0) {
            throw new Error(
              `${where}: a cluster would refuse this block (replayed offline against manifests/dist):\n  ${problems.join('\n  ')}`,
            );
          }
          return;
        }
        if (classifyFence(fence).kind === 'expected-output') {
          const missing = missingExpectedLine(fence.body, previous?.output ?? '');
          if (missing !== undefined) {
            throw new Error(
              `${where}: the expected output line\n  ${missing}\nis not in what the block before printed:\n${tail(previous?.output ?? '')}`,
            );
          }
          return;
        }
        for (const port of portsUsedBy(fence.body)) {
          if (!(await portIsFree(port))) {
            failedAt = where;
            throw new Error(
              `${where}: port ${port} is taken by another process on this machine; stop it (e.g. \`ss -ltnp | grep :${port}\`) and run the test again`,
            );
          }
        }
        const result = await runBlock(fence.body, scratch, env, BLOCK_TIMEOUT_MS);
        previous = result;
        if (process.env.DOCS_TEST_SHOW_OUTPUT) console.log(`${where}\n${result.output}`);
        if (result.timedOut || result.exitCode !== 0) {
          failedAt = where;
          const why = result.timedOut
            ? `timed out after ${BLOCK_TIMEOUT_MS / 1000} s`
            : `exited with ${result.exitCode}`;
          throw new Error(
            `${where}: the block ${why}:\n${fence.body}\n--- output ---\n${tail(result.output)}`,
          );
        }
      },
      BLOCK_TIMEOUT_MS + 30_000,
    );
  },
);
