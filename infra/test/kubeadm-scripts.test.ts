import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INFRA_DIR } from './support/lab-app';
import { StubTools } from './support/stub-tools';

const CHECK = join(INFRA_DIR, 'kubeadm', 'check-cluster.sh');
const JOIN = join(INFRA_DIR, 'kubeadm', 'worker-join.sh');

/** kubectl answering like a 3-node cluster whose `ready` nodes report Ready=True. */
function cluster(ready: number, curlCode: (ip: string) => string): StubTools {
  const conditions = ['True', 'True', 'True'].map((v, i) => (i < ready ? v : 'False')).join('\\n');
  return new StubTools()
    .add(
      'kubectl',
      `case "$*" in
  *"--raw=/readyz?verbose"*) echo "readyz check passed" ;;
  *"get nodes -o jsonpath={range"*) printf '${conditions}\\n' ;;
  *"InternalIP"*) echo "10.0.1.10 10.0.2.20 10.0.3.30" ;;
  *"get service hello"*) echo 31234 ;;
esac`,
    )
    .add(
      'curl',
      `for a in "$@"; do url="$a"; done; case "$url" in ${['10.0.1.10', '10.0.2.20', '10.0.3.30'].map((ip) => `*${ip}*) printf ${curlCode(ip)} ;;`).join(' ')} esac`,
    );
}

describe('kubeadm/check-cluster.sh', () => {
  it('passes when 3 nodes are Ready and the NodePort answers 200 on every node', () => {
    const tools = cluster(3, () => '200');
    const run = tools.run('bash', [CHECK]);
    tools.cleanup();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('[check] http://10.0.3.30:31234/ -> 200');
    expect(run.stdout).toContain('[check] healthy');
    expect(run.calls).toContain('kubectl delete namespace lab-check --wait=false');
  });

  it('fails when a node is not Ready', () => {
    const tools = cluster(2, () => '200');
    const run = tools.run('bash', [CHECK]);
    tools.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('expected 3 Ready nodes, found 2');
  });

  it('fails when the Service does not answer through one node (pod network broken)', () => {
    const tools = cluster(3, (ip) => (ip === '10.0.2.20' ? '000' : '200'));
    const run = tools.run('bash', [CHECK]);
    tools.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('NodePort 31234 on 10.0.2.20 did not answer 200');
    expect(run.calls).toContain('kubectl delete namespace lab-check --wait=false');
  });
});

describe('kubeadm/worker-join.sh', () => {
  it('refuses anything but the kubeadm join line the master printed', () => {
    const tools = new StubTools().add('kubeadm');
    const run = tools.run('bash', [JOIN, 'rm', '-rf', '/']);
    tools.cleanup();
    expect(run.status).toBe(process.getuid?.() === 0 ? 2 : 1);
    expect(run.calls).toEqual([]);
  });
});

describe('kubeadm/master-init.sh install_calico', () => {
  const MASTER_INIT = join(INFRA_DIR, 'kubeadm', 'master-init.sh');
  const PINNED = readFileSync(MASTER_INIT, 'utf8').match(
    /CALICO_MANIFEST_SHA256:-([0-9a-f]{64})/,
  )?.[1];

  /** curl that "downloads" `body` into its -o file; kubectl that logs what it applies. */
  function calicoTools(body: string): StubTools {
    return new StubTools()
      .add(
        'curl',
        `while [[ $# -gt 0 ]]; do [[ "$1" == -o ]] && { printf '%s' '${body}' > "$2"; shift; }; shift; done`,
      )
      .add('kubectl');
  }

  function installCalico(tools: StubTools, env: Record<string, string> = {}) {
    return tools.run('bash', ['-c', `source '${MASTER_INIT}' && install_calico`], env);
  }

  it('pins the sha256 of the v3.31.3 manifest (the blob at that tag in projectcalico/calico)', () => {
    expect(PINNED).toBe('4b2e4053abc87427c214128f0e1b065d2f0dbadeb6be4ca3bdc6754e33af0ca7');
  });

  it('applies the downloaded manifest when its sha256 matches', () => {
    const body = 'kind: DaemonSet # calico';
    const tools = calicoTools(body);
    const run = installCalico(tools, {
      CALICO_MANIFEST_SHA256: createHash('sha256').update(body).digest('hex'),
    });
    tools.cleanup();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls[0]).toMatch(
      /^curl -fsSL -o \S+ https:\/\/raw\.githubusercontent\.com\/projectcalico\/calico\/v3\.31\.3\/manifests\/calico\.yaml$/,
    );
    expect(run.calls.slice(1)).toEqual([
      expect.stringMatching(/^kubectl apply -f \S+$/),
      'kubectl -n kube-system rollout status daemonset/calico-node --timeout=300s',
    ]);
  });

  it('refuses a manifest whose sha256 differs from the pinned one, applying nothing', () => {
    const tools = calicoTools('kind: DaemonSet # tampered');
    const run = installCalico(tools);
    tools.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`does not have the pinned sha256 ${PINNED}: not applying it`);
    expect(run.calls.filter((call) => call.startsWith('kubectl'))).toEqual([]);
  });
});
