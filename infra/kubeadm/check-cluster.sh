#!/usr/bin/env bash
# Run on k8s-master after both workers joined: `bash check-cluster.sh`.
# Shows that the cluster is healthy: every node Ready, the control plane and CNI pods
# running, and a Service reaching pods on every node through a NodePort.
set -euo pipefail

EXPECTED_NODES="${EXPECTED_NODES:-3}"
NAMESPACE=lab-check

log() { echo "[check] $*"; }

log "API server readiness"
kubectl get --raw='/readyz?verbose' | tail -n 1

log "nodes (expecting ${EXPECTED_NODES} Ready)"
kubectl wait --for=condition=Ready nodes --all --timeout=300s
kubectl get nodes -o wide
ready="$(kubectl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$' || true)"
if [[ "${ready}" -ne "${EXPECTED_NODES}" ]]; then
  echo "expected ${EXPECTED_NODES} Ready nodes, found ${ready}" >&2
  exit 1
fi

log "kube-system pods"
kubectl -n kube-system wait --for=condition=Ready pods --all --timeout=300s
kubectl -n kube-system get pods -o wide

log "smoke test: 3 nginx pods behind a NodePort, reached through every node"
kubectl create namespace "${NAMESPACE}" --dry-run=client -o yaml | kubectl apply -f -
trap 'kubectl delete namespace "${NAMESPACE}" --wait=false >/dev/null' EXIT
kubectl -n "${NAMESPACE}" create deployment hello --image=nginx:1.27 --replicas=3 \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "${NAMESPACE}" rollout status deployment/hello --timeout=180s
kubectl -n "${NAMESPACE}" expose deployment hello --port=80 --type=NodePort \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "${NAMESPACE}" get pods -o wide
node_port="$(kubectl -n "${NAMESPACE}" get service hello -o jsonpath='{.spec.ports[0].nodePort}')"
for ip in $(kubectl get nodes -o jsonpath='{.items[*].status.addresses[?(@.type=="InternalIP")].address}'); do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://${ip}:${node_port}/")"
  log "http://${ip}:${node_port}/ -> ${code}"
  if [[ "${code}" != 200 ]]; then
    echo "NodePort ${node_port} on ${ip} did not answer 200" >&2
    exit 1
  fi
done
log "healthy"
