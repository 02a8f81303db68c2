#!/usr/bin/env bash
# The whole GitOps loop on your laptop, no AWS account needed (`npm run lab:up`):
#   1. checks the tools it needs and that Argo CD will sync your fork
#   2. a kind cluster (1 control plane + 2 workers, infra/local/kind-config.yaml)
#   3. ingress-nginx, answering on http://localhost/
#   4. Argo CD from the chart pinned in argocd/install/chart.json (+ values-kind.yaml)
#   5. the database and instructor-key Secrets of gitops-lab-local (manifests/scripts/)
#   6. the api and frontend images, built here and loaded into the nodes (kind load)
#   7. the kind bootstrap (argocd/bootstrap/root-app-kind.yaml): Argo CD then syncs
#      manifests/dist/local from your fork on GitHub
# and prints where the scoreboard is and how to log in to Argo CD.
#
# Usage: infra/local/up.sh        (again at any time: every step is idempotent)
# Environment: KIND_CLUSTER_NAME (default gitops-lab), SKIP_IMAGES=1 to skip step 6.
set -euo pipefail

INGRESS_NGINX_CHART_VERSION=4.14.1
NAMESPACE=gitops-lab-local
STEPS=7

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
cluster="${KIND_CLUSTER_NAME:-gitops-lab}"
context="kind-${cluster}"

step=0
progress() {
  step=$((step + 1))
  echo "[lab-up ${step}/${STEPS}] $*"
}
log() { echo "[lab-up] $*"; }
fail() {
  echo "[lab-up] $*" >&2
  exit 1
}

progress "checking prerequisites"
missing=()
need() {
  command -v "$1" >/dev/null 2>&1 || missing+=("$1 is not installed: $2")
}
need docker "https://docs.docker.com/get-docker/ (Docker Desktop, or Docker Engine on Linux)"
need kind "https://kind.sigs.k8s.io/docs/user/quick-start/#installation (0.30 or newer)"
need kubectl "https://kubernetes.io/docs/tasks/tools/"
need helm "https://helm.sh/docs/intro/install/ (3.8 or newer)"
need node "https://nodejs.org/ (20 or newer), then npm ci in this repository"
need git "https://git-scm.com/downloads"
if [[ ${#missing[@]} -gt 0 ]]; then
  printf '[lab-up] %s\n' "${missing[@]}" >&2
  fail "install what is missing, then run npm run lab:up again (docs/en/infra-kind.md)"
fi
docker info >/dev/null 2>&1 ||
  fail "docker is installed but its daemon does not answer: start Docker Desktop (or: sudo systemctl start docker)"

# Reads one field of a JSON file in the repo (node is already needed for the repo itself).
json_field() {
  # shellcheck disable=SC2016 # the quoted text is JavaScript, not shell
  node -e 'const v = process.argv[2].split(".").reduce((o, k) => o?.[k], require(process.argv[1]));
if (typeof v !== "string" || v === "") { console.error(`${process.argv[2]} missing in ${process.argv[1]}`); process.exit(1); }
console.log(v);' "$1" "$2"
}

# github.com/<owner>/<repo> in lower case, from any URL form git accepts for GitHub.
repo_key() {
  local url
  url="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')"
  url="${url#*://}"
  url="${url#*@}"
  url="${url/://}"
  url="${url%/}"
  echo "${url%.git}"
}

# Argo CD syncs the repository written in the bootstrap, not this checkout: it must be the
# fork you push to (npm run fork:configure writes it there and into every Argo CD file).
bootstrap="${root}/argocd/bootstrap/root-app-kind.yaml"
repo_url="$(sed -n 's/^ *repoURL: *//p' "${bootstrap}" | head -n 1)"
origin_url="$(git -C "${root}" remote get-url origin 2>/dev/null || true)"
if [[ -z "${origin_url}" ]]; then
  log "no git remote origin: Argo CD will sync ${repo_url}"
elif [[ "$(repo_key "${origin_url}")" != "$(repo_key "${repo_url}")" ]]; then
  fail "Argo CD would sync ${repo_url}, but your origin is ${origin_url}: run npm run fork:configure, commit and push, then npm run lab:up again"
fi

chart_file="${root}/argocd/install/chart.json"
argocd_repo="$(json_field "${chart_file}" repository)"
argocd_chart="$(json_field "${chart_file}" chart)"
argocd_version="$(json_field "${chart_file}" version)"
argocd_namespace="$(json_field "${chart_file}" namespace)"

if kind get clusters 2>/dev/null | grep -qx "${cluster}"; then
  progress "kind cluster ${cluster} exists: reusing it"
else
  progress "creating kind cluster ${cluster}"
  kind create cluster --name "${cluster}" --config "${here}/kind-config.yaml" --wait 120s
fi

progress "ingress-nginx ${INGRESS_NGINX_CHART_VERSION}"
helm upgrade --install ingress-nginx ingress-nginx \
  --repo https://kubernetes.github.io/ingress-nginx \
  --version "${INGRESS_NGINX_CHART_VERSION}" \
  --kube-context "${context}" \
  --namespace ingress-nginx --create-namespace \
  --values "${here}/ingress-nginx-values.yaml" \
  --wait --timeout 5m

progress "Argo CD (${argocd_chart} ${argocd_version})"
helm upgrade --install argocd "${argocd_chart}" \
  --repo "${argocd_repo}" \
  --version "${argocd_version}" \
  --kube-context "${context}" \
  --namespace "${argocd_namespace}" --create-namespace \
  --values "${root}/argocd/install/values.yaml" \
  --values "${root}/argocd/install/values-kind.yaml" \
  --wait --timeout 10m

progress "Secrets in ${NAMESPACE}: database and instructor key"
kubectl config use-context "${context}" >/dev/null
"${root}/manifests/scripts/create-db-secret.sh" "${NAMESPACE}"
"${root}/manifests/scripts/create-instructor-key.sh" "${NAMESPACE}"

if [[ "${SKIP_IMAGES:-}" == 1 ]]; then
  progress "SKIP_IMAGES=1: not building images"
else
  progress "building the api and frontend images and loading them into the nodes"
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

progress "bootstrap: Argo CD syncs gitops-lab-local from ${repo_url}"
kubectl --context "${context}" apply -n "${argocd_namespace}" \
  -f "${root}/argocd/bootstrap/project.yaml" \
  -f "${bootstrap}"

password="$(kubectl --context "${context}" -n "${argocd_namespace}" get secret \
  argocd-initial-admin-secret -o jsonpath='{.data.password}' 2>/dev/null | base64 -d 2>/dev/null || true)"

cat <<EOF
[lab-up] done. Argo CD syncs manifests/dist/local from ${repo_url}.
  scoreboard: http://localhost/   (once gitops-lab-local is Synced and Healthy:
              kubectl -n ${argocd_namespace} get applications)
  Argo CD:    kubectl -n ${argocd_namespace} port-forward svc/argocd-server 8080:80
              then http://localhost:8080, user admin, password ${password:-(not created yet: run npm run lab:up again)}
  remove:     npm run lab:down
EOF
