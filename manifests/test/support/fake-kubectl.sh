#!/usr/bin/env bash
# A stand-in for kubectl in tests of scripts/create-db-secret.sh. It keeps the "cluster" as
# files under $FAKE_CLUSTER_DIR, logs every call to $FAKE_CLUSTER_DIR/calls, hands
# `create ... --dry-run=client` to a real kubectl ($REAL_KUBECTL; that part needs no server),
# and fails like an unreachable API server when $FAKE_CLUSTER_DIR/unreachable exists.
set -euo pipefail
state="${FAKE_CLUSTER_DIR:?}"
printf '%s\n' "$*" >>"$state/calls"
if [[ -e "$state/unreachable" ]]; then
  echo 'The connection to the server localhost:8080 was refused' >&2
  exit 1
fi
case "$1" in
  get)
    # get secret NAME --namespace NS --ignore-not-found -o name
    if [[ -e "$state/$5/secret-$3" ]]; then echo "secret/$3"; fi
    ;;
  create)
    exec "${REAL_KUBECTL:?}" --kubeconfig=/dev/null "$@"
    ;;
  apply)
    manifest="$(cat)"
    kind="$(sed -n 's/^kind: //p' <<<"$manifest")"
    name="$(sed -n 's/^  name: //p' <<<"$manifest")"
    namespace="$(sed -n 's/^  namespace: //p' <<<"$manifest")"
    mkdir -p "$state/${namespace:-$name}"
    printf '%s\n' "$manifest" >"$state/${namespace:-$name}/${kind,,}-$name"
    echo "${kind,,}/$name created"
    ;;
  *)
    echo "fake kubectl: unexpected command $*" >&2
    exit 1
    ;;
esac
