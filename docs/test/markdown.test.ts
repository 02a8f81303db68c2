import { headingAnchors, headingSlug, parseMarkdown } from './support/markdown';

describe('parseMarkdown', () => {
  const source = [
    '# Week 1',
    '',
    'See [the API](../api.md#probes) and ![board](../../images/scoreboard.png).',
    'Run `npm run synth` and read `manifests/config/dev.json`.',
    '',
    '## Build',
    '',
    '- a list item with a fence:',
    '  ```bash',
    '  npm run build',
    '  # not a heading',
    '  ```',
    '',
    '````markdown',
    '```bash cluster',
    'kubectl get pods',
    '```',
    '````',
    '',
    '[ref]: ./week-2.md',
    '<img src="../../images/kind.png" alt="kind">',
    '### Troubleshooting ###',
  ].join('\n');
  const doc = parseMarkdown(source);

  test('reads ATX headings with their level and line, not # lines inside fences', () => {
    expect(doc.headings).toEqual([
      { level: 1, text: 'Week 1', line: 1 },
      { level: 2, text: 'Build', line: 6 },
      { level: 3, text: 'Troubleshooting', line: 22 },
    ]);
  });

  test('reads fenced blocks, removing the indentation of the opening fence', () => {
    expect(doc.fences).toEqual([
      { info: 'bash', body: 'npm run build\n# not a heading', line: 9 },
      { info: 'markdown', body: '```bash cluster\nkubectl get pods\n```', line: 14 },
    ]);
  });

  test('reads inline links, images, reference definitions and HTML src/href', () => {
    expect(doc.links.map((l) => [l.target, l.line])).toEqual([
      ['../api.md#probes', 3],
      ['../../images/scoreboard.png', 3],
      ['./week-2.md', 20],
      ['../../images/kind.png', 21],
    ]);
  });

  test('reads code spans outside fences', () => {
    expect(doc.codeSpans).toEqual([
      { text: 'npm run synth', line: 4 },
      { text: 'manifests/config/dev.json', line: 4 },
    ]);
  });

  test('a link written inside a code span is not a link', () => {
    expect(parseMarkdown('write `[x](missing.md)` like this').links).toEqual([]);
  });
});

describe('heading anchors', () => {
  test('follow GitHub: lower case, punctuation dropped, spaces to hyphens, Korean kept', () => {
    expect(headingSlug('Step 3: `npm run synth`!')).toBe('step-3-npm-run-synth');
    expect(headingSlug('문제 해결 (Troubleshooting)')).toBe('문제-해결-troubleshooting');
  });

  test('repeated headings get -1, -2 suffixes', () => {
    const headings = ['Check', 'Check', 'Check'].map((text, i) => ({ level: 2, text, line: i }));
    expect([...headingAnchors(headings)]).toEqual(['check', 'check-1', 'check-2']);
  });
});
