import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INFRA_DIR, REPO_ROOT } from './support/lab-app';
import { callIndex, StubTools } from './support/stub-tools';

const UP = join(INFRA_DIR, 'local', 'up.sh');
const DOWN = join(INFRA_DIR, 'local', 'down.sh');
const chart = JSON.parse(readFileSync(join(REPO_ROOT, 'argocd/install/chart.json'), 'utf8'));
const local = JSON.parse(readFileSync(join(REPO_ROOT, 'manifests/config/local.json'), 'utf8'));

function stubs(existingClusters = ''): StubTools {
  return new StubTools()
    .add('kind', `[[ "$1 $2" == "get clusters" ]] && printf '%s' '${existingClusters}'; exit 0`)
    .add('kubectl')
    .add('helm')
    .add('docker');
}

describe('infra/local/up.sh', () => {
  const tools = stubs();
  const { status, calls, stderr } = tools.run('bash', [UP]);
  tools.cleanup();

  it('creates the kind cluster, ingress-nginx, Argo CD, the DB Secret, images, then the bootstrap', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const order = [
      /^kind create cluster --name gitops-lab --config \S+\/infra\/local\/kind-config\.yaml/,
      /^helm upgrade --install ingress-nginx ingress-nginx .*--namespace ingress-nginx/,
      /^helm upgrade --install argocd /,
      /^kubectl get secret guestbook-db --namespace gitops-lab-local/,
      /^docker build -f \S+\/apps\/api\/Dockerfile /,
      /^kind load docker-image /,
      /^docker build -f \S+\/apps\/frontend\/Dockerfile /,
      /^kubectl --context kind-gitops-lab apply -n argocd -f \S+\/argocd\/bootstrap\/project\.yaml -f \S+\/argocd\/bootstrap\/root-app-kind\.yaml$/,
    ].map((pattern) => callIndex(calls, pattern));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('installs Argo CD from the pinned chart with values.yaml then values-kind.yaml', () => {
    const argocd = calls[callIndex(calls, /^helm upgrade --install argocd /)];
    expect(argocd).toContain(
      `argocd ${chart.chart} --repo ${chart.repository} --version ${chart.version}`,
    );
    expect(argocd).toContain(`--namespace ${chart.namespace} --create-namespace`);
    expect(argocd).toMatch(
      /--values \S+\/argocd\/install\/values\.yaml --values \S+\/argocd\/install\/values-kind\.yaml/,
    );
  });

  it('builds and loads the images under the repository and tag in manifests/config/local.json', () => {
    for (const app of ['api', 'frontend']) {
      const image = `${local.apps[app].image.repository}:${local.apps[app].image.tag}`;
      expect(calls).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^docker build .*--build-arg IMAGE_TAG=${local.apps[app].image.tag} -t ${image} `,
          ),
        ),
      );
      expect(calls).toContain(`kind load docker-image ${image} --name gitops-lab`);
    }
  });

  it('reuses an existing cluster and can skip the image build', () => {
    const again = stubs('gitops-lab\n');
    const run = again.run('bash', [UP], { SKIP_IMAGES: '1' });
    again.cleanup();
    expect(run.status).toBe(0);
    expect(run.calls.some((call) => call.startsWith('kind create'))).toBe(false);
    expect(run.calls.some((call) => call.startsWith('docker'))).toBe(false);
    expect(run.stdout).toContain('exists: reusing it');
  });

  it('stops with a clear message when a tool is missing', () => {
    // PATH holds only the stubs and dirname: helm is missing whether or not this machine has it.
    const partial = new StubTools()
      .add('kind')
      .add('kubectl')
      .add('docker')
      .link('dirname', '/usr/bin/dirname');
    const run = partial.run('/bin/bash', [UP], { PATH: partial.dir });
    partial.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('helm is not installed');
    expect(run.calls).toEqual([]);
  });
});

describe('infra/local/down.sh', () => {
  it('deletes the kind cluster when it exists, and only then', () => {
    const tools = stubs('gitops-lab\n');
    const run = tools.run('bash', [DOWN]);
    const none = stubs('');
    const nothing = none.run('bash', [DOWN]);
    tools.cleanup();
    none.cleanup();
    expect(run.calls).toContain('kind delete cluster --name gitops-lab');
    expect(nothing.calls).not.toContain('kind delete cluster --name gitops-lab');
    expect(nothing.stdout).toContain('nothing to delete');
  });
});

describe('infra/local/kind-config.yaml', () => {
  it('has one ingress-ready control plane mapping ports 80/443 on localhost, and two workers', () => {
    const config = parse(readFileSync(join(INFRA_DIR, 'local', 'kind-config.yaml'), 'utf8'));
    expect(config.nodes.map((node: { role: string }) => node.role)).toEqual([
      'control-plane',
      'worker',
      'worker',
    ]);
    const [controlPlane] = config.nodes;
    expect(controlPlane.kubeadmConfigPatches[0]).toContain('node-labels: "ingress-ready=true"');
    expect(controlPlane.extraPortMappings).toEqual([
      expect.objectContaining({ containerPort: 80, hostPort: 80, listenAddress: '127.0.0.1' }),
      expect.objectContaining({ containerPort: 443, hostPort: 443, listenAddress: '127.0.0.1' }),
    ]);
  });
});
