import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingFromPath } from './support/cli-tools';

test('missingFromPath names the tools a PATH does not provide', () => {
  const bin = mkdtempSync(join(tmpdir(), 'gitops-lab-docs-bin-'));
  try {
    writeFileSync(join(bin, 'helm'), '#!/bin/sh\n');
    chmodSync(join(bin, 'helm'), 0o755);
    expect(missingFromPath(bin)).toEqual(['kubectl']);
    expect(missingFromPath(join(bin, 'nothing-here'))).toEqual(['helm', 'kubectl']);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
