// The marking convention for command blocks (documented in docs/CONTRIBUTING-docs.md):
//   ```bash            run by the docs test, in a scratch copy of the repository, in page order
//   ```bash cluster    needs a Kubernetes cluster, AWS credentials or Argo CD: not run
//   ```bash docker     needs a Docker engine and a registry (proven by `npm run test:containers`): not run
//   ```bash github     talks to GitHub (your fork, the gh CLI, git push): not run
//   ```bash long       long-running or slow and proven elsewhere (npm start, npm test, npm ci): not run
//   ```text output     what the previous runnable block prints: each line must appear in its output
// Every block, run or not, must be byte-identical in docs/en and docs/ko.
import type { Fence } from './markdown';

export const SKIP_TAGS = ['cluster', 'docker', 'github', 'long'] as const;
export type SkipTag = (typeof SKIP_TAGS)[number];

export type BlockKind =
  | { kind: 'run' }
  | { kind: 'skip'; tag: SkipTag }
  | { kind: 'expected-output' }
  | { kind: 'other' };

/** Shell languages that must be written as `bash` so no command block escapes the convention. */
const OTHER_SHELL_LANGUAGES = new Set([
  'sh',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'bash-session',
]);

/** Commands a runnable block may not contain, each with the reason the docs test gives. */
const FORBIDDEN_IN_RUNNABLE: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /\bnpm (?:run )?test\b|\bturbo run\b[^\n]*\btest\b/,
    reason: 'the test suite already runs in CI: mark the block `bash long`',
  },
  {
    pattern: /\bnpm (?:ci|install|i|update|uninstall)\b/,
    reason:
      'installing would change the shared node_modules the scratch copy links to: mark it `bash long`',
  },
  { pattern: /\bnpm start\b/, reason: 'npm start runs until Ctrl-C: mark it `bash long`' },
  {
    pattern: /\b(?:kubectl (?!kustomize\b)|argocd |aws |cdk deploy|cdk destroy|eksctl |kind )/,
    reason: 'this command needs a cluster or AWS: mark the block `bash cluster`',
  },
  {
    pattern: /\bdocker (?:build|run|push|pull|stop|exec|logs)\b/,
    reason: 'this command needs a Docker engine: mark the block `bash docker`',
  },
  {
    pattern: /\bgit push\b|\bgh /,
    reason: 'this command talks to GitHub: mark the block `bash github`',
  },
];

export function classifyFence(fence: Fence): BlockKind {
  const [language = '', ...tags] = fence.info.split(/\s+/).filter(Boolean);
  if (language === 'bash') {
    if (tags.length === 0) return { kind: 'run' };
    const tag = tags[0] as SkipTag;
    if (tags.length === 1 && SKIP_TAGS.includes(tag)) return { kind: 'skip', tag };
    return { kind: 'other' };
  }
  if (language === 'text' && tags.length === 1 && tags[0] === 'output') {
    return { kind: 'expected-output' };
  }
  return { kind: 'other' };
}

/** Problems with how a block is marked; an empty list means the block follows the convention. */
export function conventionProblems(fence: Fence): string[] {
  const [language = '', ...tags] = fence.info.split(/\s+/).filter(Boolean);
  const problems: string[] = [];
  if (OTHER_SHELL_LANGUAGES.has(language)) {
    problems.push(`shell block marked \`${language}\`: write \`bash\` (or \`bash <tag>\`)`);
  }
  if (language === 'bash' && tags.length > 0 && classifyFence(fence).kind !== 'skip') {
    problems.push(
      `unknown marking \`${fence.info}\`: use \`bash\` or \`bash\` plus one of ${SKIP_TAGS.join(', ')}`,
    );
  }
  if (classifyFence(fence).kind === 'run') {
    for (const { pattern, reason } of FORBIDDEN_IN_RUNNABLE) {
      if (pattern.test(withoutComments(fence.body))) problems.push(reason);
    }
  }
  return problems;
}

function withoutComments(script: string): string {
  return script
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
}

/**
 * Checks an expected-output excerpt against real output: every line of the excerpt (a line of
 * `...` skips) must appear, in order, inside some line of the output. Returns the first missing line.
 */
export function missingExpectedLine(excerpt: string, output: string): string | undefined {
  const outputLines = output.split('\n');
  let position = 0;
  for (const raw of excerpt.split('\n')) {
    const wanted = raw.trim();
    if (wanted === '' || wanted === '...' || wanted === '…') continue;
    const found = outputLines.findIndex((line, i) => i >= position && line.includes(wanted));
    if (found === -1) return wanted;
    position = found + 1;
  }
  return undefined;
}
