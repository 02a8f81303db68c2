import { join } from 'node:path';
import { DOCS_DIR, REPO_ROOT } from './support/doc-pages';
import { fixtureRepo } from './support/fixture-repo';
import { parityProblems } from './support/parity-check';

describe('the ko/en parity checker', () => {
  const fence = (body: string) => ['```bash', body, '```'].join('\n');
  const fixture = fixtureRepo({
    'en/labs/week-1.md': ['# Week 1', '## Goals', fence('npm run build'), '## Steps'].join('\n'),
    'ko/labs/week-1.md': ['# 1주차', '## 목표', fence('npm run build'), '## 단계'].join('\n'),
    'en/labs/week-2.md': ['# Week 2', '## Goals', fence('npm run synth')].join('\n'),
    'ko/labs/week-2.md': ['# 2주차', '### 목표', fence('npm run synth # 렌더링')].join('\n'),
    'en/api.md': '# API\n',
    'ko/extra.md': '# 추가\n',
  });
  afterAll(() => fixture.remove());

  test('accepts translated prose and reports missing pages, heading and block differences', () => {
    expect(
      parityProblems(join(fixture.root, 'en'), join(fixture.root, 'ko'), fixture.root),
    ).toEqual([
      'api.md: in English only (add the Korean page)',
      'extra.md: in Korean only (add the English page)',
      'labs/week-2.md: headings differ at #2: en line 2 ## Goals vs ko line 2 ### 목표',
      'labs/week-2.md: fenced block #1 differs (en/labs/week-2.md:3 vs ko/labs/week-2.md:3)',
    ]);
  });
});

test('docs/en and docs/ko have the same pages, headings and fenced blocks', () => {
  expect(parityProblems(join(DOCS_DIR, 'en'), join(DOCS_DIR, 'ko'), REPO_ROOT)).toEqual([]);
});
