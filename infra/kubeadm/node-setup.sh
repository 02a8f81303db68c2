#!/usr/bin/env bash
# Prepares an Ubuntu 22.04 machine to be a kubeadm node: containerd 2.x as the container
# runtime, kubeadm/kubelet/kubectl from the Kubernetes apt repository, and the kernel
# settings Kubernetes networking needs.
#
# containerd comes from Docker's apt repository (package containerd.io), the source the
# containerd and Kubernetes docs point Ubuntu users to: Ubuntu 22.04's own containerd is 1.7,
# and Kubernetes 1.35 is the last release that supports containerd 1.x.
#
# The kubeadm lab stack runs it as EC2 user data at first boot. To run it by hand:
#   sudo NODE_NAME=k8s-master KUBERNETES_MINOR=1.35 bash node-setup.sh
set -euo pipefail

READY_MARKER=/var/lib/gitops-lab/node-ready
CONTAINERD_CONFIG=/etc/containerd/config.toml

log() { echo "[node-setup] $*"; }

# The apt source line of Docker's repository for this machine's architecture and release.
docker_apt_source() {
  local codename
  # shellcheck source=/dev/null # the machine's own release file
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME}")"
  echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu ${codename} stable"
}

# containerd.io 2.x from download.docker.com, held so that an unattended upgrade never
# restarts the runtime under a running cluster.
install_containerd() {
  log "containerd 2.x (containerd.io) from Docker's apt repository"
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL https://download.docker.com/linux/ubuntu/gpg -o /etc/apt/keyrings/docker.asc
  chmod a+r /etc/apt/keyrings/docker.asc
  docker_apt_source >/etc/apt/sources.list.d/docker.list
  apt-get update -q
  apt-get install -y -q 'containerd.io=2.*'
  apt-mark hold containerd.io
}

# kubeadm, kubelet and kubectl of one minor version from pkgs.k8s.io, held at it.
install_kubernetes() {
  log "kubeadm, kubelet and kubectl ${KUBERNETES_MINOR} from pkgs.k8s.io"
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL "https://pkgs.k8s.io/core:/stable:/v${KUBERNETES_MINOR}/deb/Release.key" |
    gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
  echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v${KUBERNETES_MINOR}/deb/ /" \
    >/etc/apt/sources.list.d/kubernetes.list
  apt-get update -q
  apt-get install -y -q kubelet kubeadm kubectl
  # Upgrades are a lesson of their own (kubeadm upgrade), never a side effect of apt upgrade.
  apt-mark hold kubelet kubeadm kubectl
  systemctl enable kubelet
}

# Writes containerd's default config with the two settings a kubeadm node needs, then checks
# that containerd reads them back:
# - SystemdCgroup = true: the kubelet's default cgroup driver is systemd, and both must agree;
# - the sandbox (pause) image kubeadm expects for this Kubernetes version, so that containerd
#   and kubeadm do not use two different pause images.
# containerd.io ships a config.toml that disables the CRI plugin (it is made for Docker), so it
# is replaced. In containerd 2.x the runc options live under
# [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options] and the sandbox
# image under [plugins.'io.containerd.cri.v1.images'.pinned_images]; 2.0 and 2.1 leave
# SystemdCgroup out of the defaults, later versions print it as false: remove it, then add it.
configure_containerd() {
  local sandbox_image
  sandbox_image="$(kubeadm config images list --kubernetes-version "$(kubeadm version -o short)" |
    grep '/pause:')"
  log "containerd: systemd cgroup driver, sandbox image ${sandbox_image}"
  mkdir -p "$(dirname "${CONTAINERD_CONFIG}")"
  containerd config default |
    sed -e '/^[[:space:]]*SystemdCgroup = /d' \
      -e "s#^\([[:space:]]*\)sandbox = .*#\1sandbox = '${sandbox_image}'#" \
      -e "/^[[:space:]]*\[plugins\.'io\.containerd\.cri\.v1\.runtime'\.containerd\.runtimes\.runc\.options\]/a\\            SystemdCgroup = true" \
      >"${CONTAINERD_CONFIG}"
  local effective
  effective="$(containerd --config "${CONTAINERD_CONFIG}" config dump)"
  if ! grep -q "SystemdCgroup = true" <<<"${effective}" ||
    ! grep -qF "sandbox = '${sandbox_image}'" <<<"${effective}"; then
    echo "[node-setup] containerd does not read SystemdCgroup = true and sandbox = '${sandbox_image}' from ${CONTAINERD_CONFIG}" >&2
    return 1
  fi
  systemctl restart containerd
  systemctl enable containerd
}

main() {
  : "${NODE_NAME:?set NODE_NAME, e.g. k8s-master}"
  : "${KUBERNETES_MINOR:?set KUBERNETES_MINOR, e.g. 1.35}"
  if [[ $EUID -ne 0 ]]; then
    echo "run as root (sudo)" >&2
    exit 1
  fi

  log "hostname ${NODE_NAME}"
  hostnamectl set-hostname "${NODE_NAME}"

  log "swap off (the kubelet refuses to start with swap on by default)"
  swapoff -a
  sed -i '/\sswap\s/ s/^#*/#/' /etc/fstab

  log "kernel modules and sysctls for bridged pod traffic"
  cat >/etc/modules-load.d/k8s.conf <<'EOF'
overlay
br_netfilter
EOF
  modprobe overlay
  modprobe br_netfilter
  cat >/etc/sysctl.d/k8s.conf <<'EOF'
net.bridge.bridge-nf-call-iptables  = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward                 = 1
EOF
  sysctl --system >/dev/null

  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q apt-transport-https ca-certificates curl gpg

  install_containerd
  install_kubernetes
  configure_containerd

  mkdir -p "$(dirname "${READY_MARKER}")"
  date -u +%Y-%m-%dT%H:%M:%SZ >"${READY_MARKER}"
  log "done: $(kubeadm version -o short), containerd $(containerd --version | awk '{print $3}')"
}

# Run when executed (also as user data); only define the functions when sourced (the tests).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
