#!/usr/bin/env bash
# Creates the guestbook database Secret once per cluster and environment:
#
#   manifests/scripts/create-db-secret.sh gitops-lab-dev
#
# The Secret `guestbook-db` holds POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB. PostgreSQL
# initialises its data directory with them and the api reads them as PGUSER/PGPASSWORD/
# PGDATABASE. The password is random and never written to git or to disk. Running the script
# again keeps the existing Secret: PostgreSQL only reads the password when it first creates its
# data, so a new password would lock the api out.
#
# Environment: KUBECTL (default: kubectl), POSTGRES_USER and POSTGRES_DB (default: guestbook).
set -euo pipefail

readonly SECRET_NAME=guestbook-db
kubectl_bin="${KUBECTL:-kubectl}"

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 <namespace>   (for example: $0 gitops-lab-dev)" >&2
  exit 2
fi
namespace="$1"
db_user="${POSTGRES_USER:-guestbook}"
db_name="${POSTGRES_DB:-guestbook}"

random_password() {
  # 32 hex characters (128 bits): nothing that needs quoting in a URL or a shell.
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 16
  else
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
  fi
}

# --ignore-not-found prints nothing for a missing object but still fails when the cluster
# cannot be reached, so a connection problem is never mistaken for "no Secret yet".
existing="$("$kubectl_bin" get secret "$SECRET_NAME" --namespace "$namespace" --ignore-not-found -o name)"
if [[ -n "$existing" ]]; then
  echo "Secret $namespace/$SECRET_NAME already exists: keeping its password."
  exit 0
fi

# Argo CD adds the namespace's labels when it syncs; it only has to exist for the Secret.
"$kubectl_bin" create namespace "$namespace" --dry-run=client -o yaml | "$kubectl_bin" apply -f -

password="$(random_password)"
# The password goes through a file descriptor, not the command line, so `ps` never shows it.
"$kubectl_bin" create secret generic "$SECRET_NAME" \
  --namespace "$namespace" \
  --from-literal=POSTGRES_USER="$db_user" \
  --from-file=POSTGRES_PASSWORD=<(printf '%s' "$password") \
  --from-literal=POSTGRES_DB="$db_name" \
  --dry-run=client -o yaml | "$kubectl_bin" apply -f -
echo "Created Secret $namespace/$SECRET_NAME (user $db_user, database $db_name, random password)."
