#!/usr/bin/env bash
# Run on k8s-worker1 and k8s-worker2 with the line master-init.sh printed:
#   sudo bash worker-join.sh kubeadm join 172.31.x.x:6443 --token ... --discovery-token-ca-cert-hash sha256:...
set -euo pipefail

READY_MARKER=/var/lib/gitops-lab/node-ready

if [[ $EUID -ne 0 ]]; then
  echo "run as root: sudo bash worker-join.sh kubeadm join ..." >&2
  exit 1
fi
if [[ $# -lt 3 || "$1" != kubeadm || "$2" != join ]]; then
  echo "usage: sudo bash worker-join.sh kubeadm join <host:6443> --token <token> --discovery-token-ca-cert-hash <hash>" >&2
  exit 2
fi
if [[ ! -f "${READY_MARKER}" ]]; then
  echo "first-boot setup has not finished yet: see /var/log/cloud-init-output.log and retry" >&2
  exit 1
fi
if [[ -f /etc/kubernetes/kubelet.conf ]]; then
  echo "[worker-join] $(hostname) already joined a cluster: nothing to do"
  exit 0
fi

echo "[worker-join] joining $(hostname)"
"$@"
echo "[worker-join] done: on k8s-master, 'kubectl get nodes' lists $(hostname)"
