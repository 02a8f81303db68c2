import { readAppImages, setImageTag } from '../src/config-file.js';

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
  "ingress": { "host": "dev.example.com" }
}
`;

describe('config file', () => {
  it('reads each app image', () => {
    expect(readAppImages(text, 'dev.json')).toEqual(
      new Map([
        ['api', { repository: 'ghcr.io/o/r/api', tag: 'sha-aaaaaaa' }],
        ['frontend', { repository: 'ghcr.io/o/r/frontend', tag: 'sha-bbbbbbb' }],
      ]),
    );
  });

  it('changes only apps.<app>.image.tag and keeps every other byte', () => {
    const edited = setImageTag(text, 'frontend', 'sha-1a2b3c4');
    expect(edited).toBe(text.replace('"sha-bbbbbbb"', '"sha-1a2b3c4"'));
    expect(setImageTag(edited, 'api', 'v1.0.0')).toBe(
      text.replace('"sha-bbbbbbb"', '"sha-1a2b3c4"').replace('"sha-aaaaaaa"', '"v1.0.0"'),
    );
  });

  it('rejects broken files with the file name and the reason', () => {
    expect(() => readAppImages('{ "apps": ', 'dev.json')).toThrow('dev.json: invalid JSON');
    expect(() => readAppImages('{}', 'dev.json')).toThrow('dev.json: missing the "apps" object');
    expect(() =>
      readAppImages('{ "apps": { "api": { "image": { "tag": 1 } } } }', 'dev.json'),
    ).toThrow('dev.json: apps.api.image needs string "repository" and "tag" fields');
  });
});
