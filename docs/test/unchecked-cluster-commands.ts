// Commands of `bash cluster` blocks that change objects but cannot be replayed offline, each with
// the reason and what proves it instead. The offline replay (support/cluster-replay.ts) skips exactly
// these; cluster-blocks.test.ts fails when an entry no longer matches a command of its page.
// `command` is the command as written, on one line with single spaces.

export interface UncheckedCommand {
  command: string;
  /** Pages (docs/en/…) whose blocks run it. */
  pages: string[];
  reason: string;
  /** Objects the command leaves behind, so the replay of the page's later steps can use them. */
  leaves?: { kind: string; namespace?: string; name: string; labels?: Record<string, string> }[];
}

const SECRET_SCRIPT_REASON =
  'a script: it reads the cluster (`kubectl get secret`) before it creates the Secret; manifests/test/secret-scripts.test.ts runs it against a fake kubectl';
const ARGOCD_REASON =
  'the argocd CLI has no offline mode: it talks to the Argo CD API server; what it syncs is manifests/dist, checked by the manifests and argocd tests';

export const UNCHECKED_CLUSTER_COMMANDS: UncheckedCommand[] = [
  {
    command:
      'helm upgrade --install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 9.1.0 --namespace argocd --create-namespace -f argocd/install/values.yaml --wait',
    pages: ['docs/en/argocd.md'],
    reason:
      'the chart is downloaded from argoproj.github.io; infra/test/argocd-install.test.ts checks the values file',
  },
  {
    command:
      'helm upgrade --install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 9.1.0 --namespace argocd --create-namespace -f argocd/install/values.yaml -f argocd/install/values-kind.yaml --wait',
    pages: ['docs/en/argocd.md'],
    reason:
      'the chart is downloaded from argoproj.github.io; infra/test/argocd-install.test.ts checks the values files',
  },
  {
    command:
      'helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx --version 4.14.1 --namespace ingress-nginx --create-namespace --values infra/local/ingress-nginx-values.yaml --wait',
    pages: ['docs/en/labs/week-3.md'],
    reason: 'the chart is downloaded from kubernetes.github.io',
  },
  {
    command:
      'kubectl apply -f https://raw.githubusercontent.com/rancher/local-path-provisioner/v0.0.30/deploy/local-path-storage.yaml',
    pages: ['docs/en/labs/week-2.md'],
    reason: 'the manifest is downloaded from GitHub at run time',
  },
  {
    command: 'kubectl -n lab-week2 run hello --image=nginx:1.27 --port=80',
    pages: ['docs/en/labs/week-2.md'],
    reason:
      '`kubectl run --dry-run=client` still asks the server for its API groups; the Pod it creates has no field the lab depends on',
    leaves: [{ kind: 'Pod', namespace: 'lab-week2', name: 'hello', labels: { run: 'hello' } }],
  },
  {
    command:
      'kubectl -n lab-week3 run probe --image=busybox:1.36 --restart=Never --rm -it -- wget -qO- -T 5 http://api.gitops-lab-local/api/info',
    pages: ['docs/en/labs/week-3.md'],
    reason:
      'an attached pod (`--rm -it`) cannot be dry-run, and `kubectl run` asks the server for its API groups; the pod is deleted when the command ends',
  },
  {
    command: 'kubectl delete namespace pr-42',
    pages: ['docs/en/argocd.md'],
    reason:
      'the namespace is created by the preview ApplicationSet for pull request 42, not by a command of the page; argocd/test renders the ApplicationSet',
  },
  ...['gitops-lab-dev', 'gitops-lab-prod', 'gitops-lab-local', 'guestbook', 'pr-42'].map(
    (namespace) => ({
      command: `manifests/scripts/create-db-secret.sh ${namespace}`,
      pages: {
        'gitops-lab-dev': [
          'docs/en/argocd.md',
          'docs/en/infra-eks.md',
          'docs/en/labs/week-5.md',
          'docs/en/manifests.md',
        ],
        'gitops-lab-prod': ['docs/en/argocd.md', 'docs/en/infra-eks.md', 'docs/en/labs/week-5.md'],
        'gitops-lab-local': ['docs/en/labs/week-2.md', 'docs/en/manifests.md'],
        // The Helm lab's own namespace.
        guestbook: ['docs/en/labs/week-4.md'],
        'pr-42': ['docs/en/argocd.md'],
      }[namespace] as string[],
      reason: SECRET_SCRIPT_REASON,
      // pr-42 is a preview namespace Argo CD creates when the pull request is labelled.
      ...(namespace !== 'pr-42' && {
        leaves: [{ kind: 'Secret', namespace, name: 'guestbook-db' }],
      }),
    }),
  ),
  {
    command: 'argocd/scripts/create-webhook-secret.sh',
    pages: ['docs/en/argocd.md'],
    reason:
      'a script: it reads argocd-secret and patches a random key into it; argocd/test/scripts.test.ts runs it against a recorded kubectl',
  },
  {
    command:
      'argocd/scripts/create-notifications-secret.sh <app id> <installation id> ~/Downloads/<app>.private-key.pem',
    pages: ['docs/en/argocd.md', 'docs/en/labs/week-5.md'],
    reason:
      'a script that needs a GitHub App private key; argocd/test/scripts.test.ts runs it against a recorded kubectl, argocd/test/notifications.test.ts checks its keys are the ones the GitHub service reads',
  },
  {
    command: 'manifests/scripts/create-instructor-key.sh gitops-lab-dev',
    pages: ['docs/en/instructor-runbook.md', 'docs/en/manifests.md', 'docs/en/scoreboard.md'],
    reason: SECRET_SCRIPT_REASON,
    leaves: [{ kind: 'Secret', namespace: 'gitops-lab-dev', name: 'instructor-key' }],
  },
  {
    command: 'npm run lab:up',
    pages: ['docs/en/infra-kind.md', 'docs/en/labs/week-5.md'],
    reason:
      'runs infra/local/up.sh, which creates the kind cluster and installs charts from the network; infra/test/kind-up.test.ts runs it against recorded tools',
  },
  {
    command: 'npm run lab:down',
    pages: ['docs/en/infra-kind.md'],
    reason:
      'runs infra/local/down.sh, which deletes the kind cluster; infra/test/shellcheck.test.ts lints it',
  },
  {
    command: 'infra/scripts/teardown-eks.sh',
    pages: ['docs/en/infra-eks.md', 'docs/en/labs/week-4.md'],
    reason:
      'a script against EKS and AWS; infra/test/teardown-eks.test.ts runs it against recorded tools',
  },
  {
    command: 'infra/scripts/teardown-eks.sh --all',
    pages: ['docs/en/labs/week-5.md'],
    reason:
      'a script against EKS and AWS; infra/test/teardown-eks.test.ts runs it against recorded tools',
  },
  {
    command: 'bash master-init.sh',
    pages: ['docs/en/infra-kubeadm.md', 'docs/en/labs/week-1.md'],
    reason:
      'runs kubeadm on the lab VM; infra/test/kubeadm-scripts.test.ts runs the kubeadm scripts against recorded tools',
  },
  {
    command:
      'sudo bash worker-join.sh kubeadm join <master-private-ip>:6443 --token <token> --discovery-token-ca-cert-hash sha256:<hash>',
    pages: ['docs/en/infra-kubeadm.md', 'docs/en/labs/week-1.md'],
    reason:
      'runs kubeadm on the lab VM; infra/test/kubeadm-scripts.test.ts runs the kubeadm scripts against recorded tools',
  },
  {
    command: 'bash check-cluster.sh',
    pages: ['docs/en/infra-kubeadm.md', 'docs/en/labs/week-1.md'],
    reason: 'reads the cluster only; infra/test/kubeadm-scripts.test.ts covers it',
  },
  ...[
    [
      'argocd app sync gitops-lab-prod',
      ['docs/en/argocd.md', 'docs/en/labs/week-5.md', 'docs/en/rollback-runbook.md'],
    ],
    [
      'argocd app set gitops-lab-dev --sync-policy none',
      ['docs/en/instructor-runbook.md', 'docs/en/labs/week-5.md', 'docs/en/rollback-runbook.md'],
    ],
    [
      'argocd app set gitops-lab-dev --sync-policy automated --auto-prune --self-heal',
      ['docs/en/instructor-runbook.md', 'docs/en/rollback-runbook.md'],
    ],
    [
      'argocd app rollback gitops-lab-dev <ID of the last good sync>',
      ['docs/en/instructor-runbook.md'],
    ],
    ['argocd app rollback gitops-lab-dev <ID>', ['docs/en/labs/week-5.md']],
    ['argocd app rollback gitops-lab-dev <ID from the history>', ['docs/en/rollback-runbook.md']],
    [
      'argocd repo add https://github.com/<you>/gitops-lab.git --username <you> --password "$REPO_TOKEN"',
      ['docs/en/labs/week-5.md'],
    ],
  ].map(([command, pages]) => ({
    command: command as string,
    pages: pages as string[],
    reason: ARGOCD_REASON,
  })),
];
