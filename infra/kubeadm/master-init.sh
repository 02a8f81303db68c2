#!/usr/bin/env bash
# Run on k8s-master as the ubuntu user: `bash master-init.sh`.
# Initialises the control plane with kubeadm, gives this user a kubeconfig, installs the
# Calico CNI (pinned) and prints the command the workers run to join.
set -euo pipefail

CALICO_VERSION="${CALICO_VERSION:-v3.31.3}"
# sha256 of manifests/calico.yaml at that tag, the file the URL below serves (computed with
# `git show v3.31.3:manifests/calico.yaml | sha256sum` in a clone of projectcalico/calico). A
# manifest that differs (moved tag, tampered download) is refused. Another version needs its own.
CALICO_MANIFEST_SHA256="${CALICO_MANIFEST_SHA256:-4b2e4053abc87427c214128f0e1b065d2f0dbadeb6be4ca3bdc6754e33af0ca7}"
# Calico's default pool; must not overlap the VPC (the default VPC is 172.31.0.0/16).
POD_NETWORK_CIDR="${POD_NETWORK_CIDR:-192.168.0.0/16}"
READY_MARKER=/var/lib/gitops-lab/node-ready

log() { echo "[master-init] $*"; }

# Downloads the pinned Calico manifest, checks its sha256, and only then applies it.
install_calico() {
  local manifest
  manifest="$(mktemp)"
  log "Calico ${CALICO_VERSION}"
  curl -fsSL -o "${manifest}" \
    "https://raw.githubusercontent.com/projectcalico/calico/${CALICO_VERSION}/manifests/calico.yaml"
  if ! echo "${CALICO_MANIFEST_SHA256}  ${manifest}" | sha256sum --check --status; then
    rm -f "${manifest}"
    echo "[master-init] the Calico ${CALICO_VERSION} manifest does not have the pinned sha256 ${CALICO_MANIFEST_SHA256}: not applying it (for another version set CALICO_VERSION and CALICO_MANIFEST_SHA256 together)" >&2
    return 1
  fi
  kubectl apply -f "${manifest}"
  rm -f "${manifest}"
  kubectl -n kube-system rollout status daemonset/calico-node --timeout=300s
}

main() {
  log "waiting for the first-boot setup (node-setup.sh) to finish"
  for _ in $(seq 1 90); do
    [[ -f "${READY_MARKER}" ]] && break
    sleep 10
  done
  if [[ ! -f "${READY_MARKER}" ]]; then
    echo "node setup did not finish: see /var/log/cloud-init-output.log" >&2
    exit 1
  fi

  # The API certificate also names the public IP, so kubectl works from a laptop too.
  imds_token="$(curl -fsS -X PUT http://169.254.169.254/latest/api/token \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')"
  public_ip="$(curl -fsS -H "X-aws-ec2-metadata-token: ${imds_token}" \
    http://169.254.169.254/latest/meta-data/public-ipv4 || true)"

  if [[ -f /etc/kubernetes/admin.conf ]]; then
    log "control plane already initialised: skipping kubeadm init"
  else
    extra_sans=()
    if [[ -n "${public_ip}" ]]; then
      extra_sans=(--apiserver-cert-extra-sans "${public_ip}")
    fi
    log "kubeadm init (pod network ${POD_NETWORK_CIDR})"
    sudo kubeadm init --pod-network-cidr "${POD_NETWORK_CIDR}" "${extra_sans[@]}"
  fi

  log "kubeconfig for $(id -un)"
  mkdir -p "${HOME}/.kube"
  sudo cp /etc/kubernetes/admin.conf "${HOME}/.kube/config"
  sudo chown "$(id -u):$(id -g)" "${HOME}/.kube/config"

  install_calico
  kubectl wait --for=condition=Ready "node/$(hostname)" --timeout=300s

  log "on each worker, run: sudo bash worker-join.sh <the line below>"
  sudo kubeadm token create --print-join-command
}

# Run when executed; only define the functions when sourced (the tests call install_calico).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
