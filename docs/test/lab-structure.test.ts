// Every weekly lab follows the same outline, so a student always finds the goals, the concepts, the
// commands, what to expect and the troubleshooting in the same place (the Korean labs have the same
// headings by parity.test.ts).
import { join } from 'node:path';
import { classifyFence } from './support/command-blocks';
import { DOCS_DIR, markdownFilesUnder, readPage } from './support/doc-pages';

const LAB_SECTIONS = [
  'Goals',
  'Concepts',
  'Before you start',
  'Steps',
  'Troubleshooting',
  'Clean up',
  'Next',
];
const labsDir = join(DOCS_DIR, 'en', 'labs');
const labs = markdownFilesUnder(labsDir).map((file) => readPage(join(labsDir, file)));

test('there is one lab per course week', () => {
  expect(labs.map((lab) => lab.path)).toEqual(
    [1, 2, 3, 4, 5].map((week) => `docs/en/labs/week-${week}.md`),
  );
});

describe.each(labs.map((lab) => [lab.path, lab] as const))('%s', (_path, lab) => {
  test('has the lab outline, in order', () => {
    const sections = lab.doc.headings.filter((h) => h.level === 2).map((h) => h.text);
    expect(sections).toEqual(LAB_SECTIONS);
  });

  test('has numbered steps', () => {
    const steps = lab.doc.headings.filter((h) => h.level === 3).map((h) => h.text);
    expect(steps.length).toBeGreaterThan(0);
    steps.forEach((step, i) => {
      expect(step).toMatch(new RegExp(`^${i + 1}\\. `));
    });
  });

  test('has commands the docs test runs, and output it checks', () => {
    const kinds = lab.doc.fences.map((fence) => classifyFence(fence).kind);
    expect(kinds).toContain('run');
    expect(kinds).toContain('expected-output');
  });
});
