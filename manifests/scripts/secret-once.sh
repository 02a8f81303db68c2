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
