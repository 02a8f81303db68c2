import { classifyFence, conventionProblems, missingExpectedLine } from './support/command-blocks';
import { allDocPages } from './support/doc-pages';

const fence = (info: string, body = 'echo hi') => ({ info, body, line: 1 });

describe('the marking convention', () => {
  test('plain bash runs; bash plus a known tag is skipped; text output is an expectation', () => {
    expect(classifyFence(fence('bash'))).toEqual({ kind: 'run' });
    expect(classifyFence(fence('bash cluster'))).toEqual({ kind: 'skip', tag: 'cluster' });
    expect(classifyFence(fence('bash long'))).toEqual({ kind: 'skip', tag: 'long' });
    expect(classifyFence(fence('text output'))).toEqual({ kind: 'expected-output' });
    expect(classifyFence(fence('yaml'))).toEqual({ kind: 'other' });
  });

  test('rejects shell blocks that would escape the runner and unknown tags', () => {
    expect(conventionProblems(fence('sh'))).toHaveLength(1);
    expect(conventionProblems(fence('console'))).toHaveLength(1);
    expect(conventionProblems(fence('bash clustr'))[0]).toMatch(/unknown marking/);
    expect(conventionProblems(fence('bash cluster long'))[0]).toMatch(/unknown marking/);
  });

  test.each([
    ['npm test', /bash long/],
    ['npm run test:containers', /bash long/],
    ['npm ci', /node_modules/],
    ['npm start', /Ctrl-C/],
    ['kubectl get pods -n gitops-lab-dev', /bash cluster/],
    ['argocd app rollback gitops-lab-dev', /bash cluster/],
    ['docker build -f apps/api/Dockerfile .', /bash docker/],
    ['git push origin main', /bash github/],
  ])('a runnable block may not contain `%s`', (command, reason) => {
    expect(conventionProblems(fence('bash', command))).toEqual([expect.stringMatching(reason)]);
    expect(conventionProblems(fence('bash long', command))).toEqual([]);
  });

  test('offline commands and comments are fine in a runnable block', () => {
    const body =
      'npm run synth\nkubectl kustomize manifests/dist/dev # no cluster needed, not kubectl apply';
    expect(conventionProblems(fence('bash', body))).toEqual([]);
  });
});

describe('expected output excerpts', () => {
  const output = 'building\napi: dist/main.js 12 kB\nfrontend: dist/main.js\ndone in 3.2s\n';

  test('pass when every line appears in order, with ... skipping', () => {
    expect(missingExpectedLine('api: dist/main.js\n...\ndone in', output)).toBeUndefined();
  });

  test('report the first line that is missing or out of order', () => {
    expect(missingExpectedLine('done in\napi: dist/main.js', output)).toBe('api: dist/main.js');
    expect(missingExpectedLine('postgres: dist', output)).toBe('postgres: dist');
  });
});

describe('every block in the docs follows the convention', () => {
  const pages = allDocPages();

  test('there are pages to check', () => {
    expect(pages.length).toBeGreaterThan(1);
  });

  test('no shell block is mis-marked and no runnable block needs a cluster, Docker or GitHub', () => {
    const problems = pages.flatMap((page) =>
      page.doc.fences.flatMap((f) =>
        conventionProblems(f).map((problem) => `${page.path}:${f.line}: ${problem}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  test('every `text output` block directly follows a runnable block', () => {
    const problems = pages.flatMap((page) =>
      page.doc.fences.flatMap((f, i) => {
        const previous = page.doc.fences[i - 1];
        const followsRunnable = previous !== undefined && classifyFence(previous).kind === 'run';
        return classifyFence(f).kind === 'expected-output' && !followsRunnable
          ? [`${page.path}:${f.line}: \`text output\` must follow a \`bash\` block (use \`text\`)`]
          : [];
      }),
    );
    expect(problems).toEqual([]);
  });
});
