#!/bin/sh
# Builds the root filesystem of a FROM scratch Node image (the `node` stage of apps/*/Dockerfile):
#   node-runtime-rootfs.sh <rootfs> [node binary, default /usr/local/bin/node]
# - node, stripped: the official binary carries about 18 MB of debug symbols;
# - the shared libraries it links, as ldd lists them for this architecture (glibc, libstdc++,
#   libgcc), so the same script serves the amd64 and the arm64 image;
# - what scanners need to know them, as distroless images carry it: os-release and one dpkg status
#   file per Debian package the libraries came from;
# - nsswitch.conf (names through /etc/hosts, then DNS) and a /tmp with the sticky bit.
# Needs a Debian system with binutils (strip) and dpkg.
set -eu

rootfs=${1:?usage: node-runtime-rootfs.sh <rootfs> [node binary]}
node=${2:-/usr/local/bin/node}

mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/lib/dpkg/status.d"
chmod 1777 "$rootfs/tmp"
strip -o "$rootfs/usr/local/bin/node" "$node"
cp -L /etc/nsswitch.conf /etc/os-release /etc/debian_version "$rootfs/etc/"

libs=$(ldd "$node" | grep -o '/[^ ]*')
for lib in $libs; do
  cp --parents -L "$lib" "$rootfs"
  # merged /usr: dpkg may know the library under /usr/lib rather than /lib.
  package=$({ dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib"; } | head -n 1 | cut -d: -f1)
  dpkg-query -s "$package" > "$rootfs/var/lib/dpkg/status.d/$package"
done
