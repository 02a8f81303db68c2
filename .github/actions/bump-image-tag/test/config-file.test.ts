import { readConfig, setImage } from '../src/config-file.js';
import { digest } from './support/tags.js';

const text = `{
  "apps": {
    "api": {
      "image": { "repository": "ghcr.io/o/r/api", "tag": "sha-aaaaaaa" },
      "replicas": 2
    },
    "frontend": {
      "image": { "repository": "ghcr.io/o/r/frontend", "tag": "sha-bbbbbbb" }
    }
  },
  "autoDeploy": true,
  "ingress": { "host": "dev.example.com" }
}
`;

describe('config file', () => {
  it('reads each app image and whether a release deploys the environment', () => {
    expect(readConfig(text, 'dev.json')).toEqual({
      images: new Map([
        ['api', { repository: 'ghcr.io/o/r/api', tag: 'sha-aaaaaaa' }],
        ['frontend', { repository: 'ghcr.io/o/r/frontend', tag: 'sha-bbbbbbb' }],
      ]),
      autoDeploy: true,
    });
    expect(readConfig(text.replace('"autoDeploy": true,', ''), 'x.json').autoDeploy).toBe(false);
  });

  it('changes only apps.<app>.image.tag and keeps every other byte', () => {
    const edited = setImage(text, 'frontend', { tag: 'sha-1a2b3c4' });
    expect(edited).toBe(text.replace('"sha-bbbbbbb"', '"sha-1a2b3c4"'));
    expect(setImage(edited, 'api', { tag: 'v1.0.0' })).toBe(
      text.replace('"sha-bbbbbbb"', '"sha-1a2b3c4"').replace('"sha-aaaaaaa"', '"v1.0.0"'),
    );
  });

  it('writes the digest next to the tag, and removes it for an image without one', () => {
    const pinned = setImage(text, 'api', { tag: 'v2.0.0', digest: digest('d') });
    expect(readConfig(pinned, 'dev.json').images.get('api')).toEqual({
      repository: 'ghcr.io/o/r/api',
      tag: 'v2.0.0',
      digest: digest('d'),
    });
    // Only the api's image object changes (jsonc-parser lays it out one field a line).
    const outside = (json: string) =>
      json.replace(/"image": \{[^}]*"ghcr\.io\/o\/r\/api"[^}]*\}/, '');
    expect(outside(pinned)).toBe(outside(text));
    const unpinned = setImage(pinned, 'api', { tag: 'sha-aaaaaaa' });
    expect(readConfig(unpinned, 'dev.json')).toEqual(readConfig(text, 'dev.json'));
    expect(unpinned).not.toContain('digest');
  });

  it('rejects broken files with the file name and every bad field', () => {
    expect(() => readConfig('{ "apps": ', 'dev.json')).toThrow('dev.json: invalid JSON');
    expect(() => readConfig('{}', 'dev.json')).toThrow('dev.json: apps: ');
    expect(() =>
      readConfig(
        '{ "apps": { "api": { "image": { "tag": 1 } } }, "autoDeploy": "yes" }',
        'dev.json',
      ),
    ).toThrow(
      /^dev\.json: apps\.api\.image\.repository: .*; apps\.api\.image\.tag: .*; autoDeploy: /,
    );
  });
});
