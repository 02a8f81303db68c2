import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubRepository, imageReference, tagProblem } from '../src/config/image';
import { CONFIG_DIR, loadAllEnvironments, loadEnvironment } from '../src/config/load';
import { cpuProblem, memoryProblem } from '../src/config/quantity';
import { ENVIRONMENTS } from '../src/config/types';
import { ConfigError, validateConfig } from '../src/config/validate';

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
    expect(message).toContain('app "api": apps.api.image.tag: "latest" is mutable');
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

describe('image tags', () => {
  it.each([
    'sha-1a2b3c4',
    'sha-0123456789abcdef0123456789abcdef01234567',
    '0.1.0',
    'v1.2.3',
    '1.2.3-rc.1',
    `sha256:${'a'.repeat(64)}`,
  ])('accept %s', (tag) => expect(tagProblem(tag)).toBeUndefined());

  it.each(['latest', 'main', 'sha-XYZ1234', 'sha-123', '1.2', `sha256:${'a'.repeat(10)}`])(
    'reject %s',
    (tag) => expect(tagProblem(tag)).toBeDefined(),
  );

  it('pins a digest with @ and a tag with :', () => {
    const repository = 'ghcr.io/o/r/api';
    expect(imageReference({ repository, tag: '1.0.0' })).toBe('ghcr.io/o/r/api:1.0.0');
    expect(imageReference({ repository, tag: `sha256:${'b'.repeat(64)}` })).toBe(
      `ghcr.io/o/r/api@sha256:${'b'.repeat(64)}`,
    );
  });

  it('derives owner/repo from a GHCR repository', () => {
    expect(githubRepository('ghcr.io/octo-org/my-fork/frontend')).toBe('octo-org/my-fork');
    expect(githubRepository('registry.example.com/frontend')).toBeUndefined();
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
