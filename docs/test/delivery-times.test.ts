// The delivery loop as the guide tells it must be the loop the repository runs:
// - the expected-time table of github-actions.md (en and ko): the rows that come from the repository
//   (the build runners, the deploy job's install, Argo CD's polling) against release.yml and the Argo CD
//   values, and each total against its rows;
// - the keyless signing identity the guide verifies against the workflow that signs;
// - the commit status contexts and links week 5 quotes against the notification templates.
// Each check is also run on a broken copy of the page, so a check that stopped finding problems fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const REPO_ROOT = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

interface Step {
  run?: string;
}
interface Job {
  needs?: string[];
  permissions?: Record<string, string>;
  strategy?: { matrix?: { arch?: Array<{ runner: string }> } };
  steps?: Step[];
}
const release = parse(read('.github/workflows/release.yml')) as {
  on: { push: { branches: string[] } };
  jobs: Record<string, Job>;
};
const values = parse(read('argocd/install/values.yaml')) as {
  configs: { cm: Record<string, string> };
  server: { ingress: { enabled: boolean; path: string } };
  notifications: { argocdUrl: string; templates: Record<string, string> };
};

/** Argo CD's documented default for `timeout.reconciliation.jitter` (argocd-cm), used when the values leave it alone. */
const ARGOCD_DEFAULT_JITTER = '60s';

function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) throw new Error(`not a duration of seconds or minutes: ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

/** What the repository says about each stage the table derives from it. */
interface LoopFacts {
  runners: string[];
  deployInstall: string;
  reconciliation: string;
  jitter: string;
  webhook: boolean;
}

function repositoryFacts(): LoopFacts {
  const { build, merge, deploy } = release.jobs;
  if (!build || !merge || !deploy)
    throw new Error('release.yml lost its build, merge or deploy job');
  // The stages of the table follow each other: build, then merge (scan, sign), then deploy.
  expect(merge.needs).toContain('build');
  expect(deploy.needs).toContain('merge');
  const install = deploy.steps?.find((step) => step.run?.startsWith('npm ci'))?.run ?? '';
  return {
    runners: (build.strategy?.matrix?.arch ?? []).map((arch) => arch.runner),
    deployInstall: install.trim(),
    reconciliation: values.configs.cm['timeout.reconciliation'] ?? '',
    jitter: values.configs.cm['timeout.reconciliation.jitter'] ?? ARGOCD_DEFAULT_JITTER,
    webhook: values.server.ingress.enabled && values.server.ingress.path === '/api/webhook',
  };
}

interface Range {
  low: number;
  high: number;
}
interface Row {
  cells: string[];
  before?: Range;
  after?: Range;
}

/** `0.5–1 min`, `**9–21 min**` or `—` (nothing) at the start of a cell; undefined when it holds no time. */
function range(cell: string): Range | undefined {
  const text = cell.replaceAll('**', '').trim();
  if (text === '—') return { low: 0, high: 0 };
  const match = /^(\d+(?:\.\d+)?)–(\d+(?:\.\d+)?) min\b/.exec(text);
  return match ? { low: Number(match[1]), high: Number(match[2]) } : undefined;
}

/** The rows of the first table under `heading`. */
function tableRows(page: string, heading: string): Row[] {
  const lines = page.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start === -1) return [];
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const table = lines.slice(start, end === -1 ? undefined : end).filter((l) => l.startsWith('|'));
  return table.slice(2).map((line) => {
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
    return { cells, before: range(cells[1] ?? ''), after: range(cells[2] ?? '') };
  });
}

const round = (n: number): number => Math.round(n * 10) / 10;
const show = (r: Range | undefined): string => (r ? `${r.low}–${r.high} min` : 'no time');

/** Where the table disagrees with the repository or with its own arithmetic; empty when it is true. */
function timeTableProblems(page: string, heading: string, facts: LoopFacts): string[] {
  const rows = tableRows(page, heading);
  if (rows.length === 0) return [`no table under "${heading}"`];
  const problems: string[] = [];
  const row = (marker: string, column: 2 | 3): Row | undefined => {
    const found = rows.find((r) => r.cells[column]?.includes(marker));
    if (!found)
      problems.push(`no row whose ${column === 2 ? 'after' : 'source'} cell names ${marker}`);
    return found;
  };

  const polling = row(`\`timeout.reconciliation: ${facts.reconciliation}\``, 3);
  const longestWait = (seconds(facts.reconciliation) + seconds(facts.jitter)) / 60;
  if (polling && show(polling.before) !== show({ low: 0, high: longestWait })) {
    problems.push(
      `polling row: before is ${show(polling.before)}, but ${facts.reconciliation} + up to ${facts.jitter} of jitter is 0–${longestWait} min`,
    );
  }
  // `60 s` in English, `60초` in Korean.
  if (polling && !new RegExp(`\\b${seconds(facts.jitter)}(?: s|초)`).test(polling.cells[3] ?? '')) {
    problems.push(`polling row: does not name the jitter (${seconds(facts.jitter)} s)`);
  }
  if (polling && facts.webhook && !(polling.after && polling.after.high < 1)) {
    problems.push(`polling row: the webhook is on, but after is ${show(polling.after)}`);
  }

  for (const runner of facts.runners) row(`\`${runner}\``, 2);

  const workspace = /-w (@gitops-lab\/[\w-]+)/.exec(facts.deployInstall)?.[1];
  if (!workspace || !facts.deployInstall.includes('--ignore-scripts')) {
    problems.push(
      `the deploy job's install is not one workspace without scripts: ${facts.deployInstall}`,
    );
  } else {
    row(`-w ${workspace}\``, 2);
  }

  const total = rows.find((r) => r.cells[0]?.startsWith('**'));
  const stages = rows.filter((r) => r !== total && r.before && r.after);
  if (!total) problems.push('no total row (a bold first cell)');
  for (const column of ['before', 'after'] as const) {
    const sum = {
      low: round(stages.reduce((s, r) => s + (r[column]?.low ?? 0), 0)),
      high: round(stages.reduce((s, r) => s + (r[column]?.high ?? 0), 0)),
    };
    if (total && show(total[column]) !== show(sum)) {
      problems.push(`total ${column}: ${show(total[column])}, but the rows add up to ${show(sum)}`);
    }
  }
  return problems;
}

const PAGES = {
  'docs/en/github-actions.md': '## From a push to the new version in dev',
  'docs/ko/github-actions.md': '## 푸시에서 dev의 새 버전까지',
};

describe('the expected-time table of the release', () => {
  const facts = repositoryFacts();

  test('reads the stages it checks from the repository', () => {
    expect(facts.runners).toEqual(['ubuntu-24.04', 'ubuntu-24.04-arm']);
    expect(read('.github/workflows/release.yml')).not.toContain('setup-qemu-action');
    expect(facts.reconciliation).toMatch(/^\d+[sm]$/);
  });

  test.each(Object.entries(PAGES))('%s matches the repository and adds up', (path, heading) => {
    expect(timeTableProblems(read(path), heading, facts)).toEqual([]);
  });

  test('both languages give the same times', () => {
    const [en, ko] = Object.entries(PAGES).map(([path, heading]) =>
      tableRows(read(path), heading).map((r) => [show(r.before), show(r.after)]),
    );
    expect(ko).toEqual(en);
  });

  test('finds a wrong polling time, a missing runner, another install and a wrong total', () => {
    const [path, heading] = Object.entries(PAGES)[0] as [string, string];
    const page = read(path);
    const broken = (from: string, to: string): string[] => {
      expect(page).toContain(from);
      return timeTableProblems(page.replace(from, to), heading, facts);
    };
    expect(broken('0–3 min: polling', '0–2 min: polling')).toEqual([
      expect.stringMatching(/^polling row: before is 0–2 min/),
      expect.stringMatching(/^total before: 9–21 min, but the rows add up to 9–20 min/),
    ]);
    expect(
      broken('`ubuntu-24.04` and `ubuntu-24.04-arm` in parallel', 'two runners in parallel'),
    ).toEqual([
      'no row whose after cell names `ubuntu-24.04`',
      'no row whose after cell names `ubuntu-24.04-arm`',
    ]);
    expect(
      timeTableProblems(page, heading, { ...facts, deployInstall: 'npm ci --no-audit --no-fund' }),
    ).toEqual([expect.stringMatching(/^the deploy job's install is not one workspace/)]);
    expect(timeTableProblems(page, heading, { ...facts, jitter: '30s' })).toEqual([
      expect.stringMatching(/^polling row: before is 0–3 min, but 120s \+ up to 30s/),
      'polling row: does not name the jitter (30 s)',
    ]);
  });
});

describe('the keyless signing identity the guide verifies', () => {
  const [branch] = release.on.push.branches;
  const signers = Object.values(release.jobs).filter((job) =>
    job.steps?.some((step) => step.run?.includes('cosign sign')),
  );
  const identitySuffix = `/.github/workflows/release.yml@refs/heads/${branch}`;
  const asRegexp = identitySuffix.replace(/[.]/g, '\\.');

  test('release.yml on its one push branch signs, with an OIDC token', () => {
    expect(release.on.push.branches).toEqual(['main']);
    expect(signers).toHaveLength(1);
    expect(signers[0]?.permissions?.['id-token']).toBe('write');
  });

  test.each(['docs/en/labs/week-5.md', 'docs/en/github-actions.md'])(
    '%s names that workflow, branch and issuer',
    (path) => {
      const page = read(path);
      expect(page).toContain(`${asRegexp}$`);
      expect(page).toContain(
        '--certificate-oidc-issuer https://token.actions.githubusercontent.com',
      );
    },
  );

  test('week 5 prints the identity for the fork from the same workflow and branch', () => {
    expect(read('docs/en/labs/week-5.md')).toContain(
      `echo "identity: https://github.com/\${repo}${identitySuffix}"`,
    );
  });
});

describe('the commit statuses week 5 shows', () => {
  const app = { name: 'gitops-lab-dev', namespace: 'argocd' };
  /** The label and link of a template for gitops-lab-dev. argocd/test renders the whole template with Go's engine; this reads the two strings the lab quotes. */
  function labelAndLink(template: string): string[] {
    const { github } = parse(template) as { github: { status: Record<string, string> } };
    return [github.status.label ?? '', github.status.targetURL ?? ''].map((text) => {
      const filled = text
        .replaceAll('{{.app.metadata.name}}', app.name)
        .replaceAll('{{.app.metadata.namespace}}', app.namespace)
        .replaceAll('{{.context.argocdUrl}}', values.notifications.argocdUrl);
      if (filled.includes('{{'))
        throw new Error(`a template field this check does not know: ${text}`);
      return filled;
    });
  }

  test.each(Object.keys(values.notifications.templates))(
    '%s: context and link as rendered',
    (name) => {
      const [label, link] = labelAndLink(values.notifications.templates[name] ?? '');
      for (const path of ['docs/en/labs/week-5.md', 'docs/ko/labs/week-5.md']) {
        const page = read(path);
        expect(`${path}: ${page.includes(`\`${label}\``)}`).toBe(`${path}: true`);
        expect(`${path}: ${page.includes(`\`${link}\``)}`).toBe(`${path}: true`);
      }
    },
  );
});
