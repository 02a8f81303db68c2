import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INFRA_DIR, REPO_ROOT } from './support/lab-app';
import { callIndex, StubTools } from './support/stub-tools';

const UP = join(INFRA_DIR, 'local', 'up.sh');
const DOWN = join(INFRA_DIR, 'local', 'down.sh');
const chart = JSON.parse(readFileSync(join(REPO_ROOT, 'argocd/install/chart.json'), 'utf8'));
const local = JSON.parse(readFileSync(join(REPO_ROOT, 'manifests/config/local.json'), 'utf8'));

const BOOTSTRAP_REPO = /repoURL: (\S+)/.exec(
  readFileSync(join(REPO_ROOT, 'argocd/bootstrap/root-app-kind.yaml'), 'utf8'),
)?.[1];

interface Cluster {
  /** `kind get clusters` output. */
  readonly clusters?: string;
  /** The origin remote of the checkout; "" for none. */
  readonly origin?: string;
  /** Secrets that exist already (`kubectl get secret NAME` finds them). */
  readonly secrets?: readonly string[];
  readonly dockerRunning?: boolean;
}

/** Recording fakes of docker, kind, kubectl, helm and git, answering like `cluster`. */
function stubs(cluster: Cluster = {}): StubTools {
  const { clusters = '', origin = BOOTSTRAP_REPO, secrets = [], dockerRunning = true } = cluster;
  const password = Buffer.from('argo-admin-pw').toString('base64');
  return new StubTools()
    .add('kind', `[[ "$1 $2" == "get clusters" ]] && printf '%s' '${clusters}'; exit 0`)
    .add(
      'kubectl',
      `case "$*" in
  *"get secret argocd-initial-admin-secret"*) printf '%s' '${password}' ;;
${secrets.map((name) => `  "get secret ${name} "*) echo "secret/${name}" ;;`).join('\n')}
esac`,
    )
    .add('helm')
    .add('docker', `[[ "$1" == info ]] && exit ${dockerRunning ? 0 : 1}; exit 0`)
    .add(
      'git',
      `case "$*" in
  *"remote get-url origin") [[ -n '${origin}' ]] && echo '${origin}' || exit 2 ;;
  *"rev-parse --short=7 HEAD") echo abc1234 ;;
esac`,
    );
}

describe('infra/local/up.sh', () => {
  const tools = stubs();
  const { status, calls, stderr, stdout } = tools.run('bash', [UP]);
  tools.cleanup();

  it('creates the kind cluster, ingress-nginx, Argo CD, both Secrets, images, then the bootstrap', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const order = [
      /^docker info$/,
      /^kind create cluster --name gitops-lab --config \S+\/infra\/local\/kind-config\.yaml/,
      /^helm upgrade --install ingress-nginx ingress-nginx .*--namespace ingress-nginx/,
      /^helm upgrade --install argocd /,
      /^kubectl get secret guestbook-db --namespace gitops-lab-local/,
      /^kubectl create secret generic guestbook-db --namespace gitops-lab-local /,
      /^kubectl get secret instructor-key --namespace gitops-lab-local/,
      /^kubectl create secret generic instructor-key --namespace gitops-lab-local /,
      /^docker build -f \S+\/apps\/api\/Dockerfile /,
      /^kind load docker-image /,
      /^docker build -f \S+\/apps\/frontend\/Dockerfile /,
      /^kubectl --context kind-gitops-lab apply -n argocd -f \S+\/argocd\/bootstrap\/project\.yaml -f \S+\/argocd\/bootstrap\/root-app-kind\.yaml$/,
    ].map((pattern) => callIndex(calls, pattern));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows its progress as numbered steps', () => {
    const steps = stdout.match(/^\[lab-up \d\/7\]/gm);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `[lab-up ${n}/7]`));
  });

  it('ends with the scoreboard URL and the Argo CD login, password read from the cluster', () => {
    expect(stdout).toContain(`Argo CD syncs manifests/dist/local from ${BOOTSTRAP_REPO}`);
    expect(stdout).toContain('scoreboard: http://localhost/');
    expect(stdout).toContain('kubectl -n argocd port-forward svc/argocd-server 8080:80');
    expect(stdout).toContain('http://localhost:8080, user admin, password argo-admin-pw');
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

  it('is idempotent: a second run reuses the cluster and keeps both Secrets', () => {
    const again = stubs({ clusters: 'gitops-lab\n', secrets: ['guestbook-db', 'instructor-key'] });
    const run = again.run('bash', [UP], { SKIP_IMAGES: '1' });
    again.cleanup();
    expect(run.status).toBe(0);
    expect(run.calls.some((call) => call.startsWith('kind create'))).toBe(false);
    expect(run.calls.some((call) => / create (secret|namespace)/.test(call))).toBe(false);
    expect(run.calls.some((call) => call.startsWith('docker build'))).toBe(false);
    expect(run.stdout).toContain('exists: reusing it');
    expect(run.stdout).toContain('guestbook-db already exists: keeping its password');
    expect(run.stdout).toContain('instructor-key already exists: keeping its key');
    expect(run.calls).toContainEqual(expect.stringMatching(/^helm upgrade --install argocd /));
  });

  it('accepts the fork as origin in any URL form git accepts', () => {
    const ssh = (BOOTSTRAP_REPO ?? '').replace(/^https:\/\/github\.com\//, 'git@github.com:');
    for (const origin of [ssh, (BOOTSTRAP_REPO ?? '').replace(/\.git$/, '').toUpperCase()]) {
      const tools = stubs({ origin });
      const run = tools.run('bash', [UP], { SKIP_IMAGES: '1' });
      tools.cleanup();
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
  });

  it('stops before touching anything when Argo CD would sync another repository than origin', () => {
    const tools = stubs({ origin: 'git@github.com:student-42/gitops-lab.git' });
    const run = tools.run('bash', [UP]);
    tools.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `Argo CD would sync ${BOOTSTRAP_REPO}, but your origin is git@github.com:student-42/gitops-lab.git: run npm run fork:configure, commit and push`,
    );
    expect(run.calls.filter((call) => /^(kind|helm|kubectl) /.test(call))).toEqual([]);
  });

  it('names every missing tool with where to get it, and calls none', () => {
    // PATH holds only the stubs and dirname: helm, node and git are missing whether or not
    // this machine has them.
    const partial = new StubTools()
      .add('kind')
      .add('kubectl')
      .add('docker')
      .link('dirname', '/usr/bin/dirname');
    const run = partial.run('/bin/bash', [UP], { PATH: partial.dir });
    partial.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('helm is not installed: https://helm.sh/docs/intro/install/');
    expect(run.stderr).toContain('node is not installed: https://nodejs.org/');
    expect(run.stderr).toContain('git is not installed');
    expect(run.stderr).not.toContain('kind is not installed');
    expect(run.calls).toEqual([]);
  });

  it('says so when docker is installed but its daemon does not answer', () => {
    const tools = stubs({ dockerRunning: false });
    const run = tools.run('bash', [UP]);
    tools.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('docker is installed but its daemon does not answer');
    expect(run.calls).toEqual(['docker info']);
  });

  it('is what npm run lab:up runs', () => {
    const tools = stubs({ clusters: 'gitops-lab\n' });
    const run = tools.run('npm', ['--prefix', REPO_ROOT, 'run', '--silent', 'lab:up'], {
      SKIP_IMAGES: '1',
      npm_config_cache: join(tools.dir, 'npm-cache'),
    });
    tools.cleanup();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('[lab-up 7/7] bootstrap');
  });
});

describe('infra/local/down.sh', () => {
  it('deletes the kind cluster when it exists, and only then', () => {
    const tools = stubs({ clusters: 'gitops-lab\n' });
    const run = tools.run('bash', [DOWN]);
    const none = stubs();
    const nothing = none.run('bash', [DOWN]);
    tools.cleanup();
    none.cleanup();
    expect(run.calls).toContain('kind delete cluster --name gitops-lab');
    expect(nothing.calls).not.toContain('kind delete cluster --name gitops-lab');
    expect(nothing.stdout).toContain('nothing to delete');
  });

  it('is what npm run lab:down runs', () => {
    const tools = stubs({ clusters: 'gitops-lab\n' });
    const run = tools.run('npm', ['--prefix', REPO_ROOT, 'run', '--silent', 'lab:down'], {
      npm_config_cache: join(tools.dir, 'npm-cache'),
    });
    tools.cleanup();
    expect(run.status).toBe(0);
    expect(run.calls).toContain('kind delete cluster --name gitops-lab');
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
