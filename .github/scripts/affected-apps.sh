#!/usr/bin/env bash
# release.yml, job "changes": which apps' images this push must build, and their tag.
# Reads the variables GitHub sets (EVENT, BEFORE, GITHUB_SHA) and writes apps (a JSON list) and
# tag to $GITHUB_OUTPUT. Needs git history back to BEFORE and the
# lockfile's turbo (npm ci): run it from the repository root.
set -euo pipefail

# The tag of every image built from this commit: its full SHA, the tag rollback and promote check.
tag="sha-${GITHUB_SHA}"

# A manual run, a new branch (before = 000…) or a force push (before unknown): build all.
if [ "$EVENT" = push ] && [ -n "$BEFORE" ] && [ "$BEFORE" != 0000000000000000000000000000000000000000 ] \
  && git cat-file -e "${BEFORE}^{commit}" 2>/dev/null; then
  # turbo follows the workspace graph: a change in packages/service-kit or the lockfile affects
  # both apps, a change in apps/api only the api. --no-install: the lockfile's turbo or nothing.
  paths=$(TURBO_SCM_BASE="$BEFORE" TURBO_SCM_HEAD="$GITHUB_SHA" \
    npx --no-install turbo ls --affected --output=json | jq -r '.packages.items[].path')
else
  paths=$(printf '%s\n' apps/*/)
fi

apps=()
for path in $paths; do
  path="${path%/}"
  if [[ "$path" == apps/* ]] && [ -f "$path/Dockerfile" ]; then
    apps+=("${path#apps/}")
  fi
done

{
  echo "apps=$(printf '%s\n' "${apps[@]}" | jq -R . | jq -cs 'map(select(. != ""))')"
  echo "tag=$tag"
} >> "$GITHUB_OUTPUT"
echo "affected apps: ${apps[*]:-none}, tag $tag"
