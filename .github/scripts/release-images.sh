#!/usr/bin/env bash
# release.yml, job "deploy": the app=tag@digest pairs to deploy, one per image the build job
# pushed. Usage: release-images.sh DIR, where DIR holds one file per app with its digest (the
# build legs' artifacts); TAG is the release tag. Writes images to $GITHUB_OUTPUT.
set -euo pipefail

dir=$1
images=()
for file in "$dir"/*; do
  [ -f "$file" ] || continue
  images+=("$(basename "$file")=${TAG}@$(tr -d '[:space:]' < "$file")")
done
if [ "${#images[@]}" -eq 0 ]; then
  echo "::error::no image digests in ${dir}: the build job recorded none"
  exit 1
fi
echo "images=${images[*]}" >> "$GITHUB_OUTPUT"
echo "images: ${images[*]}"
