#!/usr/bin/env bash
# Download Debian i386 binary packages (.deb files, not installed) for the
# Linux guest of make bench-web: apt-get download through a private list
# directory made from the machine's own Debian sources, with i386 as apt's
# architecture there, so the machine's apt configuration, its lists and
# dpkg's architectures stay untouched (as tools/newlib.sh leaves them).
# usage: tools/debfetch.sh OUTDIR PACKAGE...   (OUTDIR/PACKAGE_*.deb when done)
set -euo pipefail
out=$(realpath -m "$1")
shift
mkdir -p "$out"
work=$(realpath -m "$out/.apt")
mkdir -p "$work/parts" "$work/lists/partial" "$work/archives/partial"
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    cp "$f" "$work/parts/$(basename "$f")"
done
: > "$work/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    grep '^deb ' "$f" >> "$work/sources.list" || true
done
apt_opts=(-o "Dir::Etc::sourceparts=$work/parts" -o "Dir::Etc::sourcelist=$work/sources.list"
          -o "Dir::State::Lists=$work/lists" -o "Dir::State::status=/dev/null"
          -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
          -o "Dir::Cache::archives=$work/archives"
          -o "APT::Architecture=i386" -o "APT::Architectures::=i386" -o "APT::Sandbox::User=root")
if [ -z "$(ls "$work/lists" 2>/dev/null | grep -v partial)" ]; then
    apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1 || { tail -5 "$work/update.log" >&2; exit 1; }
fi
cd "$out"
for pkg in "$@"; do
    ls "$out/${pkg}"_*.deb >/dev/null 2>&1 && continue
    apt-get "${apt_opts[@]}" download "$pkg" >"$work/download.log" 2>&1 || {
        tail -5 "$work/download.log" >&2
        exit 1
    }
done
