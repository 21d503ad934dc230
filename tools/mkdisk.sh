#!/usr/bin/env bash
# Make an ext2 disk image from a folder (DESIGN §5): mke2fs -t ext2 -d.
# usage: tools/mkdisk.sh IMAGE FOLDER SIZE_MB [BLOCK_SIZE]
# The folder is staged first so the image gets modes git cannot store: /tmp
# is 1777 (every owner may create files there); everything belongs to the
# system owner (uid and gid 1). 5% of the blocks are reserved (mke2fs -m 5)
# for the system owner (tune2fs -u 1: s_def_resuid), so no other owner can
# fill the disk for it (DESIGN §5). The image is checked with e2fsck -fn.
set -euo pipefail
img=$1 src=$2 mb=$3 bs=${4:-4096}
PATH=$PATH:/sbin:/usr/sbin
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a "$src"/. "$stage"/
find "$stage" -name .keep -delete
[ -d "$stage/tmp" ] && chmod 1777 "$stage/tmp"
chmod -R go-w,a+rX "$stage"
[ -d "$stage/tmp" ] && chmod 1777 "$stage/tmp"
rm -f "$img"
mkdir -p "$(dirname "$img")"
# owners: the build user's uid would leak into the image; map all to 1
mke2fs -q -F -t ext2 -b "$bs" -m 5 -L tender -E root_owner=1:1 -d "$stage" "$img" "${mb}M" >/dev/null
tune2fs -u 1 "$img" >/dev/null
# give every file to the system owner (mke2fs -d copies the builder's ids)
find "$stage" -mindepth 1 -printf '%P\n' | while read -r path; do
    printf 'set_inode_field /%s uid 1\nset_inode_field /%s gid 1\n' "$path" "$path"
done | debugfs -w -f - "$img" >/dev/null 2>&1
e2fsck -fn "$img" >/dev/null 2>&1 || { echo "mkdisk: e2fsck finds $img unclean" >&2; exit 1; }
