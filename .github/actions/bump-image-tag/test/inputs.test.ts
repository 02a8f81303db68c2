import { InputError, type KnownApps, parseInputs, type RawInputs } from '../src/inputs.js';
import { digest, releaseTag } from './support/tags.js';

const known: KnownApps = new Map([
  ['dev', ['api', 'frontend']],
  ['prod', ['api', 'frontend']],
]);

const TAG = releaseTag('1a2b3c4');

const valid: RawInputs = {
  environment: 'dev',
  images: `api=${TAG}`,
  app: '',
  tag: '',
  mode: 'push',
  token: '',
  author: 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
  'synth-command': 'npm run synth -w @gitops-lab/manifests',
  branch: '',
  'max-attempts': '5',
  'skip-ci': 'true',
  'released-only': 'true',
};

function problemsOf(raw: Partial<RawInputs>): string[] {
  try {
    parseInputs({ ...valid, ...raw }, known);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseInputs', () => {
  it('accepts valid inputs and returns the typed request', () => {
    expect(parseInputs(valid, known)).toEqual({
      environments: ['dev'],
      images: [{ app: 'api', tag: TAG }],
      mode: 'push',
      token: '',
      author: {
        name: 'github-actions[bot]',
        email: '41898282+github-actions[bot]@users.noreply.github.com',
      },
      synthCommand: 'npm run synth -w @gitops-lab/manifests',
      branch: '',
      maxAttempts: 5,
      skipCi: true,
      releasedOnly: true,
    });
  });

  it('reads app=tag pairs separated by newlines, commas or spaces, in app order', () => {
    const request = parseInputs({ ...valid, images: `frontend=v1.2.3,\n api=${TAG}` }, known);
    expect(request.images).toEqual([
      { app: 'api', tag: TAG },
      { app: 'frontend', tag: 'v1.2.3' },
    ]);
  });

  it('reads a digest after the tag (app=tag@sha256:…)', () => {
    expect(parseInputs({ ...valid, images: `api=${TAG}@${digest('d1')}` }, known).images).toEqual([
      { app: 'api', tag: TAG, digest: digest('d1') },
    ]);
  });

  it('takes several environments, changed in one commit', () => {
    expect(parseInputs({ ...valid, environment: 'dev prod' }, known).environments).toEqual([
      'dev',
      'prod',
    ]);
    expect(parseInputs({ ...valid, environment: 'dev,\nprod, dev' }, known).environments).toEqual([
      'dev',
      'prod',
    ]);
  });

  it.each([[TAG], ['1.2.3'], ['v2.0.0-rc.1'], ['previous']])('accepts the tag %s', (tag) => {
    expect(problemsOf({ images: `api=${tag}` })).toEqual([]);
  });

  it.each([
    ['latest', '"latest" is a moving tag'],
    ['main', '"main" is not sha-<40 hex>'],
    // A short SHA is the tag space preview images used to share with releases.
    ['sha-1a2b3c4', '"sha-1a2b3c4" is not'],
    [`pr-7-${TAG.slice(4)}`, `"pr-7-${TAG.slice(4)}" is not`],
    ['sha-1A2B3C4', '"sha-1A2B3C4" is not'],
    ['1.2', '"1.2" is not'],
    ['1.2.3+build.5', '"1.2.3+build.5" is not'],
    // A digest is given after the tag (api=<tag>@sha256:…), not instead of it.
    [digest('a'), `"${digest('a')}" is not`],
    [`${TAG}@sha256:abc`, '"sha256:abc" is not sha256:<64 hex>'],
    ['previous@sha256:abc', '"previous" takes no @digest'],
  ])('refuses the tag %s', (tag, message) => {
    const problems = problemsOf({ images: `api=${tag}` });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`images: api: ${message}`);
  });

  it('names every bad input at once', () => {
    expect(
      problemsOf({
        environment: 'staging',
        images: 'api',
        mode: 'merge',
        author: 'bot',
        'synth-command': ' ',
        'max-attempts': '0',
        'skip-ci': 'yes',
        'released-only': 'maybe',
      }),
    ).toEqual([
      'environment: "staging" has no manifests/config/staging.json (known: dev, prod)',
      'images: "api" is not app=tag',
      'mode: "merge" is not "push" or "pull-request"',
      'author: "bot" is not "Name <email>"',
      'synth-command: required',
      'max-attempts: "0" is not a whole number from 1 to 20',
      'skip-ci: "yes" is not "true" or "false"',
      'released-only: "maybe" is not "true" or "false"',
    ]);
  });

  it('refuses unknown and repeated apps, and an empty list', () => {
    expect(problemsOf({ images: `worker=${TAG} api=1.0.0 api=1.0.1` })).toEqual([
      'images: unknown app "worker" in environment "dev" (known: api, frontend)',
      'images: app "api" is given twice',
    ]);
    expect(problemsOf({ images: ' \n' })).toEqual(['images: required (one or more app=tag pairs)']);
    expect(problemsOf({ environment: ' ' })).toEqual(['environment: required']);
  });

  it('needs a token in pull-request mode only', () => {
    expect(problemsOf({ mode: 'pull-request' })).toEqual(['token: required in pull-request mode']);
    expect(problemsOf({ mode: 'pull-request', token: 'ghs_x' })).toEqual([]);
  });

  it('puts every problem in the error message', () => {
    expect(() => parseInputs({ ...valid, environment: '' }, known)).toThrow(
      'Invalid input:\n  - environment: required',
    );
  });
});

describe('app + tag: one image a person typed (rollback)', () => {
  const one = { images: '', app: 'api' };

  it('is one image', () => {
    expect(parseInputs({ ...valid, ...one, tag: 'previous' }, known).images).toEqual([
      { app: 'api', tag: 'previous' },
    ]);
  });

  it('refuses a second app=tag pair smuggled into the tag, instead of deploying it', () => {
    const smuggled = `${TAG} frontend=${releaseTag('bad')}`;
    expect(problemsOf({ ...one, tag: smuggled })).toEqual([
      `tag: "${smuggled}" is not sha-<40 hex> (a full commit SHA) or a semver tag (1.2.3, v1.2.3-rc.1)`,
    ]);
    expect(problemsOf({ ...one, tag: `${TAG},frontend=${TAG}` })).toHaveLength(1);
  });

  it('refuses an unknown app, a missing tag, and images given as well', () => {
    expect(problemsOf({ app: 'worker', tag: TAG })).toEqual([
      'images: give either images or app + tag, not both',
      'app: unknown app "worker" in environment "dev" (known: api, frontend)',
    ]);
    expect(problemsOf({ ...one, tag: '' })).toEqual(['tag: required with app']);
    expect(problemsOf({ tag: TAG })).toEqual(['tag: only with app (app + tag name one image)']);
  });
});
