// The action's entry point (bundled to dist/index.js): read inputs, bump, set outputs and summary.
import { resolve } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { Git } from './git.js';
import { INPUT_NAMES, parseInputs, type RawInputs } from './inputs.js';
import { readEnvironments } from './layout.js';
import { openOrUpdatePullRequest } from './pull-request.js';
import { runBump } from './run.js';
import { summaryRows } from './summary.js';

async function main(): Promise<void> {
  const repoRoot = resolve(core.getInput('working-directory') || '.');
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => [name, core.getInput(name)]),
  ) as RawInputs;
  if (raw.token) core.setSecret(raw.token);
  const known = new Map(
    [...readEnvironments(repoRoot)].map(([environment, config]) => [
      environment,
      [...config.images.keys()],
    ]),
  );
  const request = parseInputs(raw, known);

  const outcome = await runBump(request, {
    git: new Git(repoRoot, request.token),
    repoRoot,
    log: (message) => core.info(message),
    openPullRequest: (spec) =>
      openOrUpdatePullRequest(github.getOctokit(request.token), github.context.repo, spec),
  });

  core.setOutput('changed', String(outcome.changed));
  core.setOutput('commit', outcome.commit);
  core.setOutput('pull-request-url', outcome.pullRequestUrl);

  if (process.env.GITHUB_STEP_SUMMARY) {
    const [header = [], ...rows] = summaryRows(outcome.changes);
    const summary = core.summary.addHeading(`Image tags: ${request.environments.join(', ')}`, 3);
    if (rows.length === 0)
      summary.addRaw('Already at the requested tags: nothing to commit.', true);
    else summary.addTable([header.map((data) => ({ data, header: true })), ...rows]);
    if (outcome.pullRequestUrl) summary.addLink('Pull request', outcome.pullRequestUrl);
    await summary.write();
  }
}

main().catch((error: unknown) => {
  core.setFailed(error instanceof Error ? error.message : String(error));
});
