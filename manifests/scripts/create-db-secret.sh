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
# shellcheck source-path=SCRIPTDIR source=secret-once.sh
source "$(dirname "${BASH_SOURCE[0]}")/secret-once.sh"

readonly SECRET_NAME=guestbook-db

namespace="$(namespace_argument "$@")"
db_user="${POSTGRES_USER:-guestbook}"
db_name="${POSTGRES_DB:-guestbook}"

stop_if_secret_exists "$SECRET_NAME" "$namespace" "keeping its password."
ensure_namespace "$namespace"

# The password goes through a file descriptor, not the command line, so `ps` never shows it.
# `create` (never `apply`) fails rather than overwrite a Secret made in the meantime.
"$kubectl_bin" create secret generic "$SECRET_NAME" \
  --namespace "$namespace" \
  --from-literal=POSTGRES_USER="$db_user" \
  --from-file=POSTGRES_PASSWORD=<(printf '%s' "$(random_hex)") \
  --from-literal=POSTGRES_DB="$db_name" >/dev/null
echo "Created Secret $namespace/$SECRET_NAME (user $db_user, database $db_name, random password)."
