# shellcheck shell=bash
# Helpers for the scripts that create a Secret once per namespace. Sourced, not run.
#
# They use `kubectl create` only. `kubectl apply` would store the whole object, secret values
# included, in the kubectl.kubernetes.io/last-applied-configuration annotation, where anyone who
# may read the object's metadata sees them.

kubectl_bin="${KUBECTL:-kubectl}"

# Prints the name of `kind/name` in `namespace` if it exists, nothing if not. --ignore-not-found
# still fails when the cluster cannot be reached, so a connection problem is never mistaken for
# "not there yet".
object_exists() {
  local kind="$1" name="$2" namespace="$3"
  "$kubectl_bin" get "$kind" "$name" --namespace "$namespace" --ignore-not-found -o name
}

# Prints the one argument the scripts take, a namespace; without it, the usage and exit 2. Called as
# namespace="$(namespace_argument "$@")": under `set -e` the failed substitution stops the script.
namespace_argument() {
  if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 <namespace>   (for example: $0 gitops-lab-dev)" >&2
    exit 2
  fi
  printf '%s' "$1"
}

# Stops the script (exit 0) when Secret `name` already exists in `namespace`: its value must stay
# what the pods and the database already use. The remaining arguments are printed as lines after
# "Secret <namespace>/<name> already exists: ".
stop_if_secret_exists() {
  local name="$1" namespace="$2"
  shift 2
  if [[ -n "$(object_exists secret "$name" "$namespace")" ]]; then
    echo "Secret $namespace/$name already exists: $1"
    shift
    if [[ $# -gt 0 ]]; then printf '%s\n' "$@"; fi
    exit 0
  fi
}

# Creates the namespace unless it exists. Argo CD adds the namespace's labels when it syncs;
# here it only has to exist to hold the Secret.
ensure_namespace() {
  local namespace="$1"
  if [[ -z "$("$kubectl_bin" get namespace "$namespace" --ignore-not-found -o name)" ]]; then
    "$kubectl_bin" create namespace "$namespace"
  fi
}

# 32 hex characters (128 bits): nothing that needs quoting in a URL, a header or a shell.
random_hex() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 16
  else
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
  fi
}
