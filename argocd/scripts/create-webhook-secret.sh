#!/usr/bin/env bash
# Creates the shared secret of the GitHub webhook to Argo CD, once per cluster:
#
#   argocd/scripts/create-webhook-secret.sh
#
# It writes a random `webhook.github.secret` into the existing Secret argocd/argocd-secret (made
# by the Helm chart), where both argocd-server and the ApplicationSet controller read it, and
# prints it once: paste it into the webhook on GitHub (docs/en/argocd.md, "GitHub webhook").
# Argo CD then drops every delivery whose X-Hub-Signature-256 does not match. The value never
# goes to git, to disk or to a command line: `kubectl patch` reads it from a file descriptor, and
# never `kubectl apply`, which would copy it into the last-applied-configuration annotation.
# Running the script again keeps the existing secret (a new one would break the hook on GitHub);
# pass --rotate to replace it, then update GitHub.
#
# Environment: KUBECTL (default: kubectl), ARGOCD_NAMESPACE (default: argocd).
set -euo pipefail

kubectl_bin="${KUBECTL:-kubectl}"
namespace="${ARGOCD_NAMESPACE:-argocd}"
readonly KEY=webhook.github.secret

rotate=false
case "${1:-}" in
  "") ;;
  --rotate) rotate=true ;;
  *)
    echo "usage: $0 [--rotate]" >&2
    exit 2
    ;;
esac

existing="$("$kubectl_bin" get secret argocd-secret --namespace "$namespace" \
  --output "go-template={{ index .data \"$KEY\" }}")"
if [[ -n "$existing" && "$existing" != "<no value>" && "$rotate" == false ]]; then
  echo "argocd-secret already holds $KEY: keeping it (pass --rotate for a new one)."
  echo "Read it with: $kubectl_bin -n $namespace get secret argocd-secret -o go-template='{{ index .data \"$KEY\" | base64decode }}'"
  exit 0
fi

secret="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
"$kubectl_bin" patch secret argocd-secret --namespace "$namespace" --type merge \
  --patch-file <(printf '{"stringData":{"%s":"%s"}}' "$KEY" "$secret") >/dev/null
echo "Stored $KEY in $namespace/argocd-secret. Paste this secret into the GitHub webhook:"
echo "$secret"
