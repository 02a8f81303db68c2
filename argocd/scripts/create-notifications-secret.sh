#!/usr/bin/env bash
# Creates argocd/argocd-notifications-secret, the GitHub App credentials Argo CD notifications
# uses to set the deploy status on each deployed commit (argocd/install/values.yaml):
#
#   argocd/scripts/create-notifications-secret.sh <app id> <installation id> <private key .pem>
#
# Make the GitHub App first (docs/en/argocd.md, "Deploy status on the commit"): repository
# permission "Commit statuses: Read and write", installed on your fork. The key file is read
# by kubectl, never printed, never committed; delete your downloaded copy afterwards.
# `create` (never `apply`, which would copy the key into an annotation) fails rather than
# overwrite an existing Secret; delete that first to replace the credentials.
#
# Environment: KUBECTL (default: kubectl), ARGOCD_NAMESPACE (default: argocd).
set -euo pipefail

kubectl_bin="${KUBECTL:-kubectl}"
namespace="${ARGOCD_NAMESPACE:-argocd}"

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <app id> <installation id> <private key .pem>" >&2
  exit 2
fi
app_id="$1"
installation_id="$2"
key_file="$3"
problems=()
[[ "$app_id" =~ ^[0-9]+$ ]] || problems+=("app id must be a number, got '$app_id'")
[[ "$installation_id" =~ ^[0-9]+$ ]] || problems+=("installation id must be a number, got '$installation_id'")
if [[ ! -r "$key_file" ]]; then
  problems+=("cannot read the private key file '$key_file'")
elif ! grep -q -- '-----BEGIN .*PRIVATE KEY-----' "$key_file"; then
  problems+=("'$key_file' is not a PEM private key (GitHub App settings, Private keys, Generate)")
fi
if ((${#problems[@]} > 0)); then
  printf '%s: %s\n' "$0" "${problems[@]}" >&2
  exit 2
fi

"$kubectl_bin" create secret generic argocd-notifications-secret --namespace "$namespace" \
  --from-literal=github-appID="$app_id" \
  --from-literal=github-installationID="$installation_id" \
  --from-file=github-privateKey="$key_file" >/dev/null
"$kubectl_bin" label secret argocd-notifications-secret --namespace "$namespace" \
  app.kubernetes.io/part-of=argocd >/dev/null
echo "Created $namespace/argocd-notifications-secret for GitHub App $app_id (installation $installation_id)."
