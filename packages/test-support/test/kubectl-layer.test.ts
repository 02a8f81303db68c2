import { spawnSync } from 'node:child_process';
import { kubectlCommand, pinnedKubectlLayer } from '../src/kubectl-layer';

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

(linuxX64 ? describe : describe.skip)('the pinned kubectl and helm', () => {
  it('run and report the versions the layer package pins', () => {
    const binaries = pinnedKubectlLayer();
    if (!binaries) throw new Error('unzip is missing');
    const kubectl = spawnSync(binaries.kubectl, ['version', '--client'], { encoding: 'utf8' });
    expect(kubectl.stdout).toMatch(/Client Version: v1\.31\./);
    const helm = spawnSync(binaries.helm, ['version', '--short'], { encoding: 'utf8' });
    expect(helm.stdout).toMatch(/^v3\./);
  }, 60_000);

  it('kubectlCommand answers with a kubectl that runs', () => {
    const kubectl = kubectlCommand();
    if (!kubectl) throw new Error('no kubectl');
    expect(spawnSync(kubectl, ['version', '--client']).status).toBe(0);
  }, 60_000);
});
