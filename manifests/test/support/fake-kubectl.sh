#!/usr/bin/env bash
# A stand-in for kubectl in tests of the scripts under scripts/. It keeps the "cluster" as files
# under $FAKE_CLUSTER_DIR/<namespace>/<kind>-<name>, logs every call to $FAKE_CLUSTER_DIR/calls,
# renders `create` with a real kubectl ($REAL_KUBECTL, --dry-run=client: no server needed), refuses
# to create an object that exists (as the API server does), and fails like an unreachable API
# server when $FAKE_CLUSTER_DIR/unreachable exists. Anything else (apply included) is an error.
set -euo pipefail
state="${FAKE_CLUSTER_DIR:?}"
printf '%s\n' "$*" >>"$state/calls"
if [[ -e "$state/unreachable" ]]; then
  echo 'The connection to the server localhost:8080 was refused' >&2
  exit 1
fi

# The file an object is kept in: create|get <kind> [generic] <name> [--namespace <ns>] ...
object_file() {
  local kind="$1" name="$2" namespace="$2"
  shift 2
  while [[ $# -gt 0 ]]; do
    if [[ "$1" == --namespace ]]; then namespace="$2"; fi
    shift
  done
  echo "$state/$namespace/$kind-$name"
}

case "$1" in
  get)
    file="$(object_file "$2" "$3" "${@:4}")"
    if [[ -e "$file" ]]; then echo "$2/$3"; fi
    ;;
  create)
    if [[ "$2" == secret ]]; then name="$4"; else name="$3"; fi
    file="$(object_file "$2" "$name" "${@:3}")"
    if [[ -e "$file" ]]; then
      echo "Error from server (AlreadyExists): $2s \"$name\" already exists" >&2
      exit 1
    fi
    manifest="$("${REAL_KUBECTL:?}" --kubeconfig=/dev/null "$@" --dry-run=client -o yaml)"
    mkdir -p "$(dirname "$file")"
    printf '%s\n' "$manifest" >"$file"
    echo "$2/$name created"
    ;;
  *)
    echo "fake kubectl: unexpected command $*" >&2
    exit 1
    ;;
esac
