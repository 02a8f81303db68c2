#!/usr/bin/env bash
# Deletes the local kind cluster made by up.sh, with everything in it (the database too).
# Environment: KIND_CLUSTER_NAME (default gitops-lab).
set -euo pipefail

cluster="${KIND_CLUSTER_NAME:-gitops-lab}"
command -v kind >/dev/null 2>&1 || {
  echo "[kind-down] kind is not installed" >&2
  exit 1
}
if kind get clusters 2>/dev/null | grep -qx "${cluster}"; then
  kind delete cluster --name "${cluster}"
else
  echo "[kind-down] no kind cluster named ${cluster}: nothing to delete"
fi
