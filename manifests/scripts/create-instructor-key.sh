#!/usr/bin/env bash
# Creates the instructor key that unlocks the api's fault-injection endpoints, once per
# environment:
#
#   manifests/scripts/create-instructor-key.sh gitops-lab-dev
#
# The Secret `instructor-key` holds one random value under `key`. The api reads it as
# INSTRUCTOR_KEY (optional in the pod spec: without the Secret the pods still start, and the api
# refuses every fault request) and expects it in the X-Instructor-Key header. The key is never
# written to git or to disk; running the script again keeps the existing one.
#
# Environment: KUBECTL (default: kubectl).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=secret-once.sh
source "$(dirname "${BASH_SOURCE[0]}")/secret-once.sh"

readonly SECRET_NAME=instructor-key

namespace="$(namespace_argument "$@")"
read_it="kubectl --namespace $namespace get secret $SECRET_NAME -o jsonpath='{.data.key}' | base64 -d; echo"

stop_if_secret_exists "$SECRET_NAME" "$namespace" "keeping its key. Read it with:" "  $read_it"
ensure_namespace "$namespace"

# Through a file descriptor, not the command line, so `ps` never shows the key.
"$kubectl_bin" create secret generic "$SECRET_NAME" \
  --namespace "$namespace" \
  --from-file=key=<(printf '%s' "$(random_hex)") >/dev/null
echo "Created Secret $namespace/$SECRET_NAME (a random instructor key). Read it with:"
echo "  $read_it"
echo "Running api pods read it at start: restart them with"
echo "  kubectl --namespace $namespace rollout restart deployment/api"
