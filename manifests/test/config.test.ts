import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfigJsonSchema } from '../src/config/json-schema';
import { CONFIG_DIR, loadAllEnvironments, loadEnvironment } from '../src/config/load';
import { cpuProblem, memoryProblem } from '../src/config/quantity';
import { ENVIRONMENTS } from '../src/config/schema';
import { ConfigError, validateConfig } from '../src/config/validate';
import { githubRepository } from '../src/constructs/app-env';
import { imageReference } from '../src/constructs/web-app';

// biome-ignore lint/suspicious/noExplicitAny: the tests edit arbitrary paths of the parsed JSON
function committed(env: string): Record<string, any> {
  return JSON.parse(readFileSync(join(CONFIG_DIR, `${env}.json`), 'utf8'));
}

function problemsOf(env: (typeof ENVIRONMENTS)[number], json: unknown): string {
  try {
    validateConfig(env, json);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('the committed configs', () => {
  it.each(ENVIRONMENTS)('%s points editors at the JSON Schema', (env) => {
    expect(committed(env).$schema).toBe('./schema.json');
  });

  it('deploy every release automatically to dev and local, never to prod', () => {
    const autoDeploy = Object.fromEntries(
      loadAllEnvironments().map(({ name, config }) => [name, config.autoDeploy]),
    );
    expect(autoDeploy).toEqual({ dev: true, local: true, prod: false });
  });

  it('all load', () => {
    expect(loadAllEnvironments().map((environment) => environment.name)).toEqual([
      'dev',
      'prod',
      'local',
    ]);
  });

  it.each(ENVIRONMENTS)('%s uses ghcr.io/<owner>/<repo>/<app> images', (env) => {
    const { config } = loadEnvironment(env);
    expect(config.apps.api.image.repository).toMatch(/^ghcr\.io\/[a-z0-9-]+\/[a-z0-9._-]+\/api$/);
    expect(config.apps.frontend.image.repository).toMatch(
      /^ghcr\.io\/[a-z0-9-]+\/[a-z0-9._-]+\/frontend$/,
    );
  });
});

describe('validation errors', () => {
  it('name the environment, the app and the field', () => {
    const config = committed('dev');
    config.apps.api.image.tag = 'latest';
    const message = problemsOf('dev', config);
    expect(message).toContain('manifests/config/dev.json (env "dev") is invalid');
    expect(message).toContain('app "api": apps.api.image.tag: "latest" is a moving tag');
  });

  it('list every problem at once', () => {
    const config = committed('prod');
    config.apps.frontend.resources.limits.memory = '2048Mi';
    config.apps.api.replicas = 0;
    config.ingress.className = 'traefik';
    const message = problemsOf('prod', config);
    expect(message).toContain(
      'app "frontend": apps.frontend.resources.limits.memory: "2048Mi" is not canonical: write "2Gi"',
    );
    expect(message).toContain('app "api": apps.api.replicas: must be an integer from 1 to 50');
    expect(message).toContain('ingress.className: must be one of "alb", "nginx"');
  });

  it('reject a misspelt field instead of ignoring it', () => {
    const config = committed('local');
    config.apps.api.replica = 2;
    expect(problemsOf('local', config)).toContain(
      'app "api": apps.api.replica: is not a known field',
    );
  });

  it('report a missing block once, not every field inside it', () => {
    const config = committed('dev');
    delete config.postgres;
    const problems = problemsOf('dev', config).split('\n').slice(1);
    expect(problems).toEqual(['  - postgres: is missing']);
  });

  it('reject a container memory of whole Gi, which cdk8s+ would write as non-canonical Mi', () => {
    const config = committed('dev');
    config.apps.api.resources.limits.memory = '1Gi';
    expect(problemsOf('dev', config)).toContain(
      'app "api": apps.api.resources.limits.memory: "1Gi" is a whole number of Gi',
    );
  });

  it('reject requests above limits', () => {
    const config = committed('dev');
    config.apps.api.resources.requests.cpu = '2';
    expect(problemsOf('dev', config)).toContain(
      'apps.api.resources.requests.cpu: must not exceed limits.cpu',
    );
  });

  it('reject ALB settings on an nginx environment and require them on an ALB one', () => {
    const local = committed('local');
    local.ingress.alb = { groupName: 'x' };
    expect(problemsOf('local', local)).toContain(
      'ingress.alb: is only allowed with className "alb"',
    );
    const dev = committed('dev');
    delete dev.ingress.alb;
    expect(problemsOf('dev', dev)).toContain('ingress.alb: is missing');
  });

  it('accept a peer of exactly one kind, and albSubnets only as true', () => {
    const config = committed('dev');
    config.networkPolicy.ingressControllerPeers = [
      { albSubnets: false },
      { albSubnets: true, cidr: '10.0.0.0/24' },
    ];
    const message = problemsOf('dev', config);
    for (const index of [0, 1]) {
      expect(message).toContain(
        `networkPolicy.ingressControllerPeers[${index}]: must have exactly one of "namespace", "cidr" or "albSubnets": true`,
      );
    }
  });

  it('reject a source CIDR that is not one, and source CIDRs on an nginx environment', () => {
    const dev = committed('dev');
    dev.ingress.inboundCidrs = ['203.0.113.0/24', 'everyone'];
    expect(problemsOf('dev', dev)).toContain(
      'ingress.inboundCidrs[1]: "everyone" must be an IPv4 CIDR',
    );
    const local = committed('local');
    local.ingress.inboundCidrs = ['203.0.113.0/24'];
    expect(problemsOf('local', local)).toContain(
      'ingress.inboundCidrs: is only allowed with className "alb"',
    );
  });

  it('require the PostgreSQL image pinned by digest, with its version tag', () => {
    const dev = committed('dev');
    dev.postgres.image = 'postgres:17.11';
    expect(problemsOf('dev', dev)).toContain('postgres.image: "postgres:17.11" must be');
  });

  it('report a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-lab-config-'));
    try {
      writeFileSync(join(dir, 'dev.json'), '{ "apps": ');
      expect(() => loadEnvironment('dev', dir)).toThrow(/env "dev".*\n.*cannot read .*dev\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('images', () => {
  // The tag, repository and digest rules themselves are @gitops-lab/image-reference's (tested
  // there); these check that the config uses them, with the field named.
  it.each([
    ['tag', 'sha-1a2b3c4', 'apps.api.image.tag: "sha-1a2b3c4" is not sha-<40 hex>'],
    ['repository', 'GHCR.io/Owner/api', 'apps.api.image.repository: "GHCR.io/Owner/api" is not'],
    ['digest', 'sha256:abc', 'apps.api.image.digest: "sha256:abc" is not sha256:<64 hex>'],
  ])('check the %s with the shared image rules', (field, value, expected) => {
    const config = committed('dev');
    config.apps.api.image[field] = value;
    expect(problemsOf('dev', config)).toContain(`app "api": ${expected}`);
  });

  it('pull repository:tag, and repository:tag@digest once a digest is recorded', () => {
    const repository = 'ghcr.io/o/r/api';
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(imageReference({ repository, tag: '1.0.0' })).toBe('ghcr.io/o/r/api:1.0.0');
    expect(imageReference({ repository, tag: '1.0.0', digest })).toBe(
      `ghcr.io/o/r/api:1.0.0@${digest}`,
    );
  });

  it('derives owner/repo from a GHCR repository', () => {
    expect(githubRepository('ghcr.io/octo-org/my-fork/frontend')).toBe('octo-org/my-fork');
    expect(githubRepository('registry.example.com/frontend')).toBeUndefined();
  });
});

describe('config/schema.json', () => {
  it('is what zod emits from the schema (npm run synth writes it)', () => {
    const committedSchema = readFileSync(join(CONFIG_DIR, 'schema.json'), 'utf8');
    expect(committedSchema).toBe(renderConfigJsonSchema());
  });

  it('describes the committed files: every field they use, no other at the top', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
      required: string[];
    };
    expect(schema.additionalProperties).toBe(false);
    for (const env of ENVIRONMENTS) {
      expect(Object.keys(schema.properties)).toEqual(
        expect.arrayContaining(Object.keys(committed(env))),
      );
    }
    expect(schema.required).toEqual(expect.arrayContaining(['apps', 'autoDeploy', 'ingress']));
  });
});

describe('quantities', () => {
  it.each(['100m', '1', '1500m', '2'])('accept CPU %s', (value) =>
    expect(cpuProblem(value)).toBeUndefined(),
  );
  it.each(['1000m', '0.5', '100M', ''])('reject CPU %s', (value) =>
    expect(cpuProblem(value)).toBeDefined(),
  );
  it.each(['128Mi', '1Gi', '1536Mi'])('accept memory %s', (value) =>
    expect(memoryProblem(value)).toBeUndefined(),
  );
  it.each(['1024Mi', '2048Mi', '1024Gi', '128M', '0.5Gi'])('reject memory %s', (value) =>
    expect(memoryProblem(value)).toBeDefined(),
  );
});
