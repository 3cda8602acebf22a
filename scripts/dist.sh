#!/usr/bin/env bash
# Release artifacts from a static release binary (make dist):
#   dist/namespace_exporter-VERSION.linux-ARCH.tar.gz   laid out like node_exporter's
#   dist/namespace-exporter_VERSION_ARCH.deb            binary in /usr/bin, unit, /etc/default
# The version is the binary's own (--version), so names and contents agree.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/dist.sh BINARY}

version=$("$binary" --version | sed -n '1s/^namespace_exporter, version \([^ ]*\) .*/\1/p')
[ -n "$version" ] || { echo "dist: cannot read the version of $binary" >&2; exit 1; }
arch=$(dpkg --print-architecture)
# Anything the binary loads from the Swift toolchain would be missing on a
# production host.
if ldd "$binary" | grep -E '/opt/swift|libswift|libFoundation|lib_Foundation|libdispatch'; then
    echo "dist: $binary links the Swift runtime; build it with --static-swift-stdlib" >&2
    exit 1
fi

rm -rf dist && mkdir -p dist
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The tarball.
name=namespace_exporter-$version.linux-$arch
mkdir "$stage/$name"
install -m 0755 "$binary" "$stage/$name/namespace_exporter"
strip "$stage/$name/namespace_exporter"
[ ! -f LICENSE ] || install -m 0644 LICENSE "$stage/$name/"
install -m 0644 README.md deploy/systemd/namespace_exporter.service deploy/systemd/namespace_exporter.env \
    deploy/config/web-config.yml deploy/config/probe-config.yml "$stage/$name/"
tar --owner=0 --group=0 --numeric-owner -C "$stage" -czf "dist/$name.tar.gz" "$name"

# The Debian package (Debian's names have no underscore).
root=$stage/deb
doc=$root/usr/share/doc/namespace-exporter
install -D -m 0755 "$stage/$name/namespace_exporter" "$root/usr/bin/namespace_exporter"
install -d "$root/lib/systemd/system" "$root/etc/default" "$doc/examples" "$root/DEBIAN"
sed 's|/usr/local/bin/namespace_exporter|/usr/bin/namespace_exporter|' deploy/systemd/namespace_exporter.service \
    >"$root/lib/systemd/system/namespace_exporter.service"
install -m 0644 deploy/systemd/namespace_exporter.env "$root/etc/default/namespace_exporter"
install -m 0644 README.md "$doc/"
install -m 0644 deploy/config/web-config.yml deploy/config/probe-config.yml "$doc/examples/"
chmod 0644 "$root/lib/systemd/system/namespace_exporter.service"
# Depends: the package of every library ldd names.
depends=$(ldd "$binary" | awk '/=> \//{print $3}' | while read -r lib; do
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib"
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: namespace-exporter
Version: $version
Architecture: $arch
Maintainer: namespace_exporter developers <namespace-exporter@localhost>
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Homepage: https://github.com/namespace-exporter/namespace_exporter
Description: Prometheus exporter for Linux namespaces
 Serves every namespace on the host (cgroup, ipc, mnt, net, pid, time,
 user, uts), who is in it and who holds it, its container and pod, churn
 and limits, as Prometheus metrics; /probe creates namespaces on request
 and checks that they isolate.
CONTROL
echo /etc/default/namespace_exporter >"$root/DEBIAN/conffiles"
install -m 0755 scripts/deb/postinst scripts/deb/prerm scripts/deb/postrm "$root/DEBIAN/"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum >DEBIAN/md5sums)
dpkg-deb --root-owner-group -Zgzip --build "$root" "dist/namespace-exporter_${version}_$arch.deb" >/dev/null

ls -l dist/
