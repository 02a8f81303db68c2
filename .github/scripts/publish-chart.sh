#!/usr/bin/env bash
# Publishes manifests/helm as an OCI chart next to the images:
#   oci://ghcr.io/<owner>/<repo>/charts/<name>:<version>
# A chart version is published once and never overwritten (registry tags are mutable, so this
# script is what keeps them fixed): bump `version` in manifests/helm/Chart.yaml to publish a change.
# Needs: helm, GITHUB_REPOSITORY, GITHUB_ACTOR, and the token in REGISTRY_TOKEN (read from stdin
# by helm, never put on a command line).
set -euo pipefail

chart_dir=manifests/helm
name=$(sed -n 's/^name: *//p' "$chart_dir/Chart.yaml")
version=$(sed -n 's/^version: *//p' "$chart_dir/Chart.yaml")
if [ -z "$name" ] || [ -z "$version" ]; then
  echo "::error::$chart_dir/Chart.yaml has no name or version" >&2
  exit 1
fi
registry="oci://ghcr.io/${GITHUB_REPOSITORY,,}/charts"

printf '%s' "$REGISTRY_TOKEN" | helm registry login ghcr.io --username "$GITHUB_ACTOR" --password-stdin

if helm show chart "$registry/$name" --version "$version" >/dev/null 2>&1; then
  echo "$name $version is already published; bump version in $chart_dir/Chart.yaml to publish a change"
  echo "Chart \`$registry/$name:$version\` already published (unchanged)." >>"$GITHUB_STEP_SUMMARY"
  exit 0
fi

out=$(mktemp -d)
helm package "$chart_dir" --destination "$out"
helm push "$out/$name-$version.tgz" "$registry"
echo "Published chart \`$registry/$name:$version\`: \`helm install gitops-lab $registry/$name --version $version\`" >>"$GITHUB_STEP_SUMMARY"
