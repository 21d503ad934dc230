#!/usr/bin/env bash
# Make the boot image (a GRUB module the kernel reads at boot): a cpio "newc"
# archive whose members are bin/NAME, one per program, stripped.
# usage: tools/mkinitrd.sh OUT.cpio PROGRAM...
# Each PROGRAM path becomes bin/$(basename PROGRAM). STRIP overrides the strip
# tool (default i686-linux-gnu-strip). Members are sorted, owned by 0:0, mode
# 0755 and dated 0, so the same programs always give the same archive.
#
# Every member's data starts on a 4 KiB boundary of the archive (GRUB loads
# the module page aligned), so the kernel maps program text straight from
# the boot image's pages (proc/loader.c). A filler member ".pad" before a
# program takes up the distance; the archive ends on a page boundary too.
# The result is an ordinary newc archive: `cpio -t` lists it.
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
done

page=4096
offset=0 # bytes written so far (always a multiple of 4)
ino=1

# header NAME SIZE MODE: one newc member header and its padded name.
header() {
    local name=$1 size=$2 mode=$3 namesize=$((${#1} + 1))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        "$ino" "$mode" 0 0 1 0 "$size" 0 0 0 0 "$namesize" 0
    printf '%s\0' "$name"
    head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
    ino=$((ino + 1))
    offset=$((offset + (110 + namesize + 3) / 4 * 4))
}

# data FILE SIZE: the member's bytes, padded to 4.
data() {
    cat "$1"
    head -c $(((4 - $2 % 4) % 4)) /dev/zero
    offset=$((offset + ($2 + 3) / 4 * 4))
}

# pad_to_page NEXT_HEADER_BYTES: a filler member so that the data after a
# header of that many bytes starts on a page.
pad_to_page() {
    local after=$1 fill
    local filler=$(((110 + 5 + 3) / 4 * 4)) # ".pad" and its NUL
    fill=$(((page - (offset + filler + after) % page) % page))
    [ $(( (offset + after) % page )) -eq 0 ] && return 0
    header .pad "$fill" $((0100644))
    head -c "$fill" /dev/zero
    offset=$((offset + fill))
}

{
    for file in $(cd "$stage" && find bin -type f | LC_ALL=C sort); do
        size=$(stat -c %s "$stage/$file")
        pad_to_page $(((110 + ${#file} + 1 + 3) / 4 * 4))
        header "$file" "$size" $((0100755))
        data "$stage/$file" "$size"
    done
    pad_to_page $(((110 + 11 + 3) / 4 * 4))
    header TRAILER!!! 0 0
    head -c $(((page - offset % page) % page)) /dev/zero
} > "$out.tmp"
mv "$out.tmp" "$out"
