// Every package src/ imports is declared in package.json: an undeclared one works only while npm
// happens to hoist another workspace's copy, and breaks the image build or a fresh install.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

it('declares every package that src/ imports as a dependency', () => {
  const imported = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
      /(?:from|import\()\s*'([^'.][^']*)'/g,
    )) {
      const name = packageName(specifier as string);
      if (!name.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
    }
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  expect(imported.size).toBeGreaterThan(3);
  expect([...imported].filter((name) => !(name in manifest.dependencies))).toEqual([]);
});
