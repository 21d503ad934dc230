#!/usr/bin/env bash
# Fetch lwIP 2.1 (Debian's `lwip` source package) for servers/netd, as
# newlib.sh does for newlib: `apt-get source` through a private list
# directory made from the machine's own Debian sources (deb lines turned into
# deb-src), so the machine's apt configuration and lists stay untouched. The
# sources are used UNCHANGED; our port files (lwipopts.h, arch/cc.h,
# sys_arch.c) live in servers/netd/. The result is kept under OUT.
# usage: tools/lwip.sh OUT   (OUT/src/{core,netif,include,...} when done)
set -euo pipefail
out=$(realpath -m "$1")
[ -f "$out/src/core/tcp.c" ] && exit 0
work=$out.work
rm -rf "$work" "$out"
mkdir -p "$work/parts" "$work/lists/partial" "$work/src"
# deb-src entries from the machine's own sources, both styles
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -e 's/^Types:.*deb\b.*$/Types: deb-src/' "$f" > "$work/parts/$(basename "$f")"
done
: > "$work/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -n 's/^deb \(.*\)$/deb-src \1/p' "$f" >> "$work/sources.list"
done
apt_opts=(-o "Dir::Etc::sourceparts=$work/parts" -o "Dir::Etc::sourcelist=$work/sources.list"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
          -o "APT::Sandbox::User=root")
echo "  LWIP    apt-get source lwip -> $out"
{
    apt-get "${apt_opts[@]}" update
    cd "$work/src" && apt-get "${apt_opts[@]}" source lwip
} >"$work/fetch.log" 2>&1 || { tail -20 "$work/fetch.log" >&2; exit 1; }
dir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'lwip*' | head -1)
[ -f "$dir/src/core/tcp.c" ] || { echo "lwip: no src/core/tcp.c in $dir" >&2; exit 1; }
grep -q 'LWIP_VERSION_MAJOR *2' "$dir/src/include/lwip/init.h" || { echo "lwip: not 2.x" >&2; exit 1; }
mv "$dir" "$out"
rm -rf "$work"
