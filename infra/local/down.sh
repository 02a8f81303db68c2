#!/usr/bin/env bash
# Deletes the local kind cluster made by up.sh (`npm run lab:down`), with everything in it:
# Argo CD, the environment, the database and its Secrets. Nothing else on your machine changes.
# Environment: KIND_CLUSTER_NAME (default gitops-lab).
set -euo pipefail

cluster="${KIND_CLUSTER_NAME:-gitops-lab}"
command -v kind >/dev/null 2>&1 || {
  echo "[lab-down] kind is not installed: https://kind.sigs.k8s.io/docs/user/quick-start/#installation" >&2
  exit 1
}
if kind get clusters 2>/dev/null | grep -qx "${cluster}"; then
  echo "[lab-down] deleting kind cluster ${cluster}"
  kind delete cluster --name "${cluster}"
  echo "[lab-down] done: npm run lab:up builds it again"
else
  echo "[lab-down] no kind cluster named ${cluster}: nothing to delete"
fi
