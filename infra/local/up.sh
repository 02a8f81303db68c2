#!/usr/bin/env bash
# The whole GitOps loop on your laptop, no AWS account needed:
#   1. a kind cluster (1 control plane + 2 workers, infra/local/kind-config.yaml)
#   2. ingress-nginx, answering on http://localhost/
#   3. Argo CD from the chart pinned in argocd/install/chart.json (+ values-kind.yaml)
#   4. the database Secret for gitops-lab-local (manifests/scripts/create-db-secret.sh)
#   5. the api and frontend images, built here and loaded into the nodes (kind load)
#   6. the kind bootstrap (argocd/bootstrap/root-app-kind.yaml): Argo CD then syncs
#      manifests/dist/local from your fork on GitHub
#
# Usage: infra/local/up.sh        (again at any time: every step is idempotent)
# Environment: KIND_CLUSTER_NAME (default gitops-lab), SKIP_IMAGES=1 to skip step 5.
# Needs: docker, kind, kubectl, helm 3.8+, node.
set -euo pipefail

INGRESS_NGINX_CHART_VERSION=4.14.1
NAMESPACE=gitops-lab-local

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
cluster="${KIND_CLUSTER_NAME:-gitops-lab}"
context="kind-${cluster}"

log() { echo "[kind-up] $*"; }
fail() {
  echo "[kind-up] $*" >&2
  exit 1
}

for tool in docker kind kubectl helm node; do
  command -v "${tool}" >/dev/null 2>&1 || fail "${tool} is not installed (see docs/en/infra-kind.md)"
done

# Reads one field of a JSON file in the repo (node is already needed for the repo itself).
json_field() {
  # shellcheck disable=SC2016 # the quoted text is JavaScript, not shell
  node -e 'const v = process.argv[2].split(".").reduce((o, k) => o?.[k], require(process.argv[1]));
if (typeof v !== "string" || v === "") { console.error(`${process.argv[2]} missing in ${process.argv[1]}`); process.exit(1); }
console.log(v);' "$1" "$2"
}

chart_file="${root}/argocd/install/chart.json"
argocd_repo="$(json_field "${chart_file}" repository)"
argocd_chart="$(json_field "${chart_file}" chart)"
argocd_version="$(json_field "${chart_file}" version)"
argocd_namespace="$(json_field "${chart_file}" namespace)"

if kind get clusters 2>/dev/null | grep -qx "${cluster}"; then
  log "kind cluster ${cluster} exists: reusing it"
else
  log "creating kind cluster ${cluster}"
  kind create cluster --name "${cluster}" --config "${here}/kind-config.yaml" --wait 120s
fi

log "ingress-nginx ${INGRESS_NGINX_CHART_VERSION}"
helm upgrade --install ingress-nginx ingress-nginx \
  --repo https://kubernetes.github.io/ingress-nginx \
  --version "${INGRESS_NGINX_CHART_VERSION}" \
  --kube-context "${context}" \
  --namespace ingress-nginx --create-namespace \
  --values "${here}/ingress-nginx-values.yaml" \
  --wait --timeout 5m

log "Argo CD (${argocd_chart} ${argocd_version})"
helm upgrade --install argocd "${argocd_chart}" \
  --repo "${argocd_repo}" \
  --version "${argocd_version}" \
  --kube-context "${context}" \
  --namespace "${argocd_namespace}" --create-namespace \
  --values "${root}/argocd/install/values.yaml" \
  --values "${root}/argocd/install/values-kind.yaml" \
  --wait --timeout 10m

log "database Secret in ${NAMESPACE}"
kubectl config use-context "${context}" >/dev/null
"${root}/manifests/scripts/create-db-secret.sh" "${NAMESPACE}"

if [[ "${SKIP_IMAGES:-}" == 1 ]]; then
  log "SKIP_IMAGES=1: not building images"
else
  revision="$(git -C "${root}" rev-parse --short=7 HEAD 2>/dev/null || echo unknown)"
  for app in api frontend; do
    repository="$(json_field "${root}/manifests/config/local.json" "apps.${app}.image.repository")"
    tag="$(json_field "${root}/manifests/config/local.json" "apps.${app}.image.tag")"
    image="${repository}:${tag}"
    log "building ${image}"
    docker build -f "${root}/apps/${app}/Dockerfile" \
      --build-arg GIT_REVISION="${revision}" --build-arg IMAGE_TAG="${tag}" \
      -t "${image}" "${root}"
    # The pods use imagePullPolicy IfNotPresent: the loaded image is used, nothing is pulled.
    kind load docker-image "${image}" --name "${cluster}"
  done
fi

log "bootstrap: the gitops-lab-local environment"
kubectl --context "${context}" apply -n "${argocd_namespace}" \
  -f "${root}/argocd/bootstrap/project.yaml" \
  -f "${root}/argocd/bootstrap/root-app-kind.yaml"

cat <<EOF
[kind-up] done. Argo CD now syncs manifests/dist/local from the repoURL in
          argocd/bootstrap/root-app-kind.yaml (your fork after npm run fork:configure).
  app:        http://localhost/   (once gitops-lab-local is Synced and Healthy)
  apps:       kubectl -n ${argocd_namespace} get applications
  Argo CD:    kubectl -n ${argocd_namespace} port-forward svc/argocd-server 8080:80   then http://localhost:8080
  password:   kubectl -n ${argocd_namespace} get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d
  remove:     infra/local/down.sh
EOF
