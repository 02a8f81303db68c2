import { join } from 'node:path';
import { INFRA_DIR } from './support/lab-app';
import { callIndex, StubTools } from './support/stub-tools';

const SCRIPT = join(INFRA_DIR, 'scripts', 'teardown-eks.sh');

// aws: the cluster exists; the first look for its load balancers finds one, the next none.
// kubectl: Argo CD's CRDs exist and one LoadBalancer Service is left.
function stubs(clusterExists = true): StubTools {
  const tools = new StubTools();
  tools.add(
    'aws',
    `case "$1 $2" in
  "eks describe-cluster") ${clusterExists ? 'exit 0' : 'exit 254'} ;;
  "resourcegroupstaggingapi get-resources")
    count_file="$(dirname "$0")/lb-polls"
    count=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 )); echo "$count" > "$count_file"
    if [[ $count -eq 1 ]]; then echo "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/k8s-gitopsla-web/abc"; fi ;;
esac`,
  );
  tools.add(
    'kubectl',
    `if [[ "$1 $2" == "get services" ]]; then echo "gitops-lab-dev legacy-lb"; fi`,
  );
  tools.add('npx');
  return tools;
}

describe('teardown-eks.sh', () => {
  const env = { POLL_SECONDS: '0', WAIT_SECONDS: '30' };

  it('removes Argo CD apps, then Ingresses and load balancers, then volumes, then the stack', () => {
    const tools = stubs();
    const { status, calls, stderr } = tools.run('bash', [SCRIPT, '--yes'], env);
    tools.cleanup();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const order = [
      /^aws eks update-kubeconfig --region ap-northeast-2 --name gitops-lab /,
      /^kubectl delete applications\.argoproj\.io -n argocd gitops-lab-root /,
      /^kubectl delete applicationsets\.argoproj\.io --all -A /,
      /^kubectl delete applications\.argoproj\.io --all -A /,
      /^kubectl delete ingress --all -A /,
      /^kubectl delete service -n gitops-lab-dev legacy-lb /,
      /^aws resourcegroupstaggingapi get-resources .*Key=elbv2\.k8s\.aws\/cluster,Values=gitops-lab/,
      /^kubectl delete pvc --all -A /,
      /^kubectl get pv /,
      /^npx cdk destroy GitopsLabEks --force --no-notices$/,
    ].map((pattern) => callIndex(calls, pattern));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // It polled until the load balancer was gone before touching the volumes.
    expect(calls.filter((call) => call.startsWith('aws resourcegroupstaggingapi'))).toHaveLength(2);
    expect(calls.at(-1)).toBe('npx cdk destroy GitopsLabEks --force --no-notices');
  });

  it('fails, and destroys nothing, when load balancers do not go away', () => {
    const tools = stubs();
    tools.add(
      'aws',
      `[[ "$1" == resourcegroupstaggingapi ]] && echo "arn:aws:elasticloadbalancing:ap-northeast-2:1:loadbalancer/app/stuck/1"; exit 0`,
    );
    const { status, calls, stderr } = tools.run('bash', [SCRIPT, '--yes'], {
      POLL_SECONDS: '0',
      WAIT_SECONDS: '0',
    });
    tools.cleanup();
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/timed out waiting for load balancers of gitops-lab/);
    expect(calls.some((call) => call.startsWith('npx cdk destroy'))).toBe(false);
  });

  it('goes straight to cdk destroy when the cluster is already gone, and --all destroys every stack', () => {
    const tools = stubs(false);
    const { status, calls } = tools.run('bash', [SCRIPT, '--yes', '--all'], env);
    tools.cleanup();
    expect(status).toBe(0);
    expect(calls.filter((call) => call.startsWith('kubectl'))).toEqual([]);
    expect(calls.at(-1)).toBe(
      'npx cdk destroy GitopsLabEks GitopsLabCi GitopsLabKubeadm --force --no-notices',
    );
  });

  it('asks first and does nothing unless the answer is y', () => {
    const tools = stubs();
    const { status, calls } = tools.run('bash', [SCRIPT], env, 'n\n');
    tools.cleanup();
    expect(status).toBe(1);
    expect(calls).toEqual([]);
  });

  it('takes the cluster name and region from the environment when given', () => {
    const tools = stubs();
    const { calls } = tools.run('bash', [SCRIPT, '--yes'], {
      ...env,
      CLUSTER_NAME: 'my-lab',
      AWS_REGION: 'us-west-2',
    });
    tools.cleanup();
    expect(calls[0]).toBe('aws eks describe-cluster --region us-west-2 --name my-lab');
  });
});
