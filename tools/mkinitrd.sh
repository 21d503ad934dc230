#!/usr/bin/env bash
# Make the boot image (a GRUB module the kernel reads at boot): a cpio "newc"
# archive whose members are bin/NAME, one per program, stripped.
# usage: tools/mkinitrd.sh OUT.cpio PROGRAM...
# Each PROGRAM path becomes bin/$(basename PROGRAM). STRIP overrides the strip
# tool (default i686-linux-gnu-strip). Members are sorted, owned by 0:0, mode
# 0755 and dated 0, so the same programs always give the same archive.
set -euo pipefail
out=$1
shift
strip=${STRIP:-i686-linux-gnu-strip}
stage=$(mktemp -d "${TMPDIR:-/tmp}/initrd.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin"
for prog in "$@"; do
    name=$(basename "$prog")
    if [ -e "$stage/bin/$name" ]; then
        echo "mkinitrd: two programs named $name" >&2
        exit 1
    fi
    "$strip" --strip-all -o "$stage/bin/$name" "$prog"
    chmod 0755 "$stage/bin/$name"
    touch -d @0 "$stage/bin/$name"
done
mkdir -p "$(dirname "$out")"
(cd "$stage" && find bin -type f | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
