#!/usr/bin/env bash
# Prepares an Ubuntu 22.04 machine to be a kubeadm node: containerd as the container
# runtime, kubeadm/kubelet/kubectl from the Kubernetes apt repository, and the kernel
# settings Kubernetes networking needs.
#
# The kubeadm lab stack runs it as EC2 user data at first boot. To run it by hand:
#   sudo NODE_NAME=k8s-master KUBERNETES_MINOR=1.35 bash node-setup.sh
set -euo pipefail

: "${NODE_NAME:?set NODE_NAME, e.g. k8s-master}"
: "${KUBERNETES_MINOR:?set KUBERNETES_MINOR, e.g. 1.35}"
READY_MARKER=/var/lib/gitops-lab/node-ready

if [[ $EUID -ne 0 ]]; then
  echo "run as root (sudo)" >&2
  exit 1
fi

log() { echo "[node-setup] $*"; }

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
apt-get install -y -q apt-transport-https ca-certificates curl gpg containerd

log "containerd with the systemd cgroup driver (the kubelet's default)"
mkdir -p /etc/containerd
containerd config default >/etc/containerd/config.toml
sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml
systemctl restart containerd
systemctl enable containerd

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

mkdir -p "$(dirname "${READY_MARKER}")"
date -u +%Y-%m-%dT%H:%M:%SZ >"${READY_MARKER}"
log "done: $(kubeadm version -o short), containerd $(containerd --version | awk '{print $3}')"
