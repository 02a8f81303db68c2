import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlCommand } from '@gitops-lab/test-support';
import { parse, parseAllDocuments } from 'yaml';
import { findStaleTrees } from '../src/check-rendered';
import { loadAllEnvironments } from '../src/config/load';
import { DIST_DIR, HELM_DIR, WORKSPACE_DIR } from '../src/paths';
import { renderEnvironmentFiles, synthesizeObjects } from '../src/render/render-environment';

const environments = loadAllEnvironments();

describe.each(environments.map((environment) => [environment.name, environment] as const))(
  'manifests/dist/%s',
  (name, environment) => {
    it('renders byte-identical files twice in a row', () => {
      expect(renderEnvironmentFiles(environment)).toEqual(renderEnvironmentFiles(environment));
    });

    it('has one file per object, named <kind>-<name>.yaml, listed in kustomization.yaml', () => {
      const files = renderEnvironmentFiles(environment);
      const expected = synthesizeObjects(environment)
        .map((object) => `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`)
        .sort();
      expect([...files.keys()].filter((file) => file !== 'kustomization.yaml')).toEqual(expected);
      expect(parse(files.get('kustomization.yaml') ?? '')).toEqual({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: expected,
      });
    });

    it('is what is committed', () => {
      const committed = Object.fromEntries(
        readdirSync(join(DIST_DIR, name)).map((file) => [
          file,
          readFileSync(join(DIST_DIR, name, file), 'utf8'),
        ]),
      );
      expect(committed).toEqual(Object.fromEntries(renderEnvironmentFiles(environment)));
    });

    it('renders with kubectl kustomize', () => {
      const kubectl = kubectlCommand();
      if (!kubectl) return;
      const result = spawnSync(kubectl, ['kustomize', join(DIST_DIR, name)], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const rendered = parseAllDocuments(result.stdout).map((document) => document.toJS());
      expect(rendered.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(
        synthesizeObjects(environment)
          .map((object) => `${object.kind}/${object.metadata.name}`)
          .sort(),
      );
    });
  },
);

describe('synth:check', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'gitops-lab-synth-check-test-'));
    cpSync(DIST_DIR, join(scratch, 'dist'), { recursive: true });
    cpSync(HELM_DIR, join(scratch, 'helm'), { recursive: true });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes on the committed tree, through the npm script', () => {
    const result = spawnSync('npm', ['run', '--silent', 'synth:check'], {
      cwd: WORKSPACE_DIR,
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('match a fresh synth');
    expect(result.status).toBe(0);
  });

  it('shows a readable diff when a committed file was edited by hand', () => {
    const file = join(scratch, 'dist', 'dev', 'deployment-api.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxSurge: 1', 'maxSurge: 5'));
    const stale = findStaleTrees(join(scratch, 'dist'), join(scratch, 'helm'));
    expect(stale.map(({ committed }) => committed)).toEqual([join(scratch, 'dist')]);
    expect(stale[0]?.diff).toContain('-      maxSurge: 5\n+      maxSurge: 1');
  });

  it('notices a config change that was not re-rendered', () => {
    const configDir = join(scratch, 'config');
    cpSync(join(WORKSPACE_DIR, 'config'), configDir, { recursive: true });
    const config = JSON.parse(readFileSync(join(configDir, 'prod.json'), 'utf8'));
    const tag = `sha-${'1a2b3c4d5e'.repeat(4)}`;
    config.apps.api.image.tag = tag;
    writeFileSync(join(configDir, 'prod.json'), JSON.stringify(config));
    const stale = findStaleTrees(DIST_DIR, HELM_DIR, configDir);
    expect(stale[0]?.diff).toContain(
      `+          image: ${config.apps.api.image.repository}:${tag}`,
    );
  });

  it('notices a schema.json that no longer matches the zod schema', () => {
    const configDir = join(scratch, 'config-with-old-schema');
    cpSync(join(WORKSPACE_DIR, 'config'), configDir, { recursive: true });
    const schemaFile = join(configDir, 'schema.json');
    writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace('"autoDeploy",', ''));
    const stale = findStaleTrees(DIST_DIR, HELM_DIR, configDir);
    expect(stale.map(({ committed }) => committed)).toEqual([schemaFile]);
    expect(stale[0]?.diff).toContain('+    "autoDeploy",');
  });
});
