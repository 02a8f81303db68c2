#!/usr/bin/env bash
# Installs the Debian packages the full test suite needs when they are missing:
# chromium (browser tests), haproxy (ALB stand-in), shellcheck (workflow/script lint),
# docker.io + debootstrap (real image builds), postgresql (the pg storage path),
# prometheus (the analysis proof queries a real Prometheus), binutils (strip, for the image's
# node-runtime-rootfs.sh test).
# Needs root and apt (CI, Debian/Ubuntu dev boxes). Safe to run again: it skips what is there.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v strip >/dev/null 2>&1 || need+=(binutils)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "[system-deps] all present"
  exit 0
fi
echo "[system-deps] installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
