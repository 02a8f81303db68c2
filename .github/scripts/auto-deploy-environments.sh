#!/usr/bin/env bash
# release.yml, job "deploy": the environments a release deploys to by itself, read from the config
# files ("autoDeploy": true in manifests/config/<env>.json), never listed in the workflow.
# Writes environments (space-separated names) to $GITHUB_OUTPUT; fails when there is none.
set -euo pipefail

environments=$(
  jq -r 'select(.autoDeploy == true) | input_filename' manifests/config/*.json \
    | xargs -r -n1 basename | sed 's/\.json$//' | sort | paste -sd' ' -
)
if [ -z "$environments" ]; then
  echo '::error::no manifests/config/<env>.json has "autoDeploy": true: a release would deploy nowhere'
  exit 1
fi
echo "environments=$environments" >> "$GITHUB_OUTPUT"
echo "auto-deploy environments: $environments"
