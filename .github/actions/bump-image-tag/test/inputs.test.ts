import { InputError, type KnownApps, parseInputs, type RawInputs } from '../src/inputs.js';

const known: KnownApps = new Map([
  ['dev', ['api', 'frontend']],
  ['prod', ['api', 'frontend']],
]);

const valid: RawInputs = {
  environment: 'dev',
  images: 'api=sha-1a2b3c4',
  mode: 'push',
  token: '',
  author: 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
  'synth-command': 'npm run synth -w @gitops-lab/manifests',
  branch: '',
  'max-attempts': '5',
  'skip-ci': 'true',
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
      environment: 'dev',
      images: [{ app: 'api', tag: 'sha-1a2b3c4' }],
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
    });
  });

  it('reads app=tag pairs separated by newlines, commas or spaces, in app order', () => {
    const request = parseInputs(
      { ...valid, images: 'frontend=v1.2.3,\n api=sha-0123456789abcdef0123456789abcdef01234567' },
      known,
    );
    expect(request.images).toEqual([
      { app: 'api', tag: 'sha-0123456789abcdef0123456789abcdef01234567' },
      { app: 'frontend', tag: 'v1.2.3' },
    ]);
  });

  it.each([
    ['sha-1a2b3c4'],
    ['1.2.3'],
    ['v2.0.0-rc.1'],
    [`sha256:${'a'.repeat(64)}`],
    ['previous'],
  ])('accepts the tag %s', (tag) => {
    expect(problemsOf({ images: `api=${tag}` })).toEqual([]);
  });

  it.each([
    ['latest', '"latest" is a moving tag'],
    ['main', '"main" is not sha-<7..40 hex>'],
    ['sha-1a2b3c', '"sha-1a2b3c" is not'],
    ['sha-1A2B3C4', '"sha-1A2B3C4" is not'],
    ['1.2', '"1.2" is not'],
    ['1.2.3+build.5', '"1.2.3+build.5" is not'],
    [`sha256:${'a'.repeat(63)}`, `"sha256:${'a'.repeat(63)}" is not`],
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
      }),
    ).toEqual([
      'environment: "staging" has no manifests/config/staging.json (known: dev, prod)',
      'images: "api" is not app=tag',
      'mode: "merge" is not "push" or "pull-request"',
      'author: "bot" is not "Name <email>"',
      'synth-command: required',
      'max-attempts: "0" is not a whole number from 1 to 20',
      'skip-ci: "yes" is not "true" or "false"',
    ]);
  });

  it('refuses unknown and repeated apps, and an empty list', () => {
    expect(problemsOf({ images: 'worker=sha-1a2b3c4 api=1.0.0 api=1.0.1' })).toEqual([
      'images: unknown app "worker" in environment "dev" (known: api, frontend)',
      'images: app "api" is given twice',
    ]);
    expect(problemsOf({ images: ' \n' })).toEqual(['images: required (one or more app=tag pairs)']);
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
