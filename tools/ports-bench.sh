#!/usr/bin/env bash
# SQLite's speedtest1 in the guest and on the host (make ports-bench): the
# same source (the port's amalgamation and test/speedtest1.c, the same two
# definitions) built for the guest by user/ports.mk and for the host with
# its native gcc -O2; each runs --size SIZE on a file and in memory
# (":memory:"), the guest once, the host three times (the fastest counts).
# Writes OUT/speedtest1.{log,md}: the logs, and the TOTAL seconds with the
# file/memory ratio of each system.
# usage: tools/ports-bench.sh OUT SIZE
# env: BUILD, QEMU, QEMU_FLAGS, TIMEOUT (from the Makefile).
set -euo pipefail
out=$(realpath -m "$1") size=$2
: "${BUILD:=build}"
here=$(cd "$(dirname "$0")" && pwd)
src=$BUILD/ports/sqlite3
mkdir -p "$out" "$out/host"
defs=(-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION)

if ! [ "$out/host/speedtest1" -nt "$src/bld/sqlite3.c" ]; then
    echo "  HOSTCC  speedtest1 (gcc -O2, native)"
    gcc -O2 "${defs[@]}" -I"$src/bld" -o "$out/host/speedtest1" "$src/bld/sqlite3.c" \
        "$src/test/speedtest1.c" -lm
fi
# The host is shared and noisy: three runs of each, the fastest counts.
echo "  HOST    speedtest1 --size $size (file, then :memory:; three times)"
: >"$out/host.log"
for i in 1 2 3; do
    rm -f "$out/host/st.db"
    (cd "$out/host" && ./speedtest1 --size "$size" st.db && ./speedtest1 --size "$size" :memory:) \
        >>"$out/host.log" 2>&1
done
rm -f "$out/host/st.db"

echo "  GUEST   speedtest1 --size $size (file, then :memory:)"
"$here/mkdisk.sh" "$out/guest.img" "$here/../disk" 64
"$here/mkiso.sh" "$out/guest.iso" "$BUILD/kernel.elf" \
    "quiet -- speedtest1 --size $size /tmp/st.db && speedtest1 --size $size :memory:" \
    "$BUILD/initrd-ports.cpio" initrd
GRUB_SERIAL=0 "$here/qemu-boot.sh" "$out/guest.iso" "$out/guest.log" \
    -drive "file=$out/guest.img,format=raw,if=ide,index=0,media=disk" \
    || { tail -20 "$out/guest.log" >&2; echo "ports-bench: the guest run failed" >&2; exit 1; }

# TOTAL seconds of the first (file) and second (memory) run in a log
totals() { tr -d '\r' <"$1" | awk '/TOTAL/ {print $NF}' | tr -d 's' | paste -sd' '; }
read -r gf gm <<<"$(totals "$out/guest.log")"
# the host's: the fastest of its three file runs and of its three memory runs
read -r hf hm <<<"$(tr -d '\r' <"$out/host.log" | awk '/TOTAL/ {t = $NF + 0; n++
    if (n % 2) { if (!f || t < f) f = t } else { if (!m || t < m) m = t } }
    END { print f, m }')"
[ -n "${gm:-}" ] && [ -n "${hm:-}" ] || { echo "ports-bench: a run has no TOTAL line" >&2; exit 1; }
qf=$(grep -oE -- '-cpu [^ ]+|-m [^ ]+|-icount [^ ]+' <<<"${QEMU_FLAGS:--cpu pentium3 -m 64}" | paste -sd' ')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
    echo "| speedtest1 --size $size | file (s) | :memory: (s) | file / memory |"
    echo "|---|---|---|---|"
    awk -v f="$gf" -v m="$gm" -v q="$qf" 'BEGIN { printf "| guest (QEMU TCG, %s) | %.3f | %.3f | %.2f |\n", q, f, m, f / m }'
    awk -v f="$hf" -v m="$hm" -v c="$cpu" 'BEGIN { printf "| host (gcc -O2, %s) | %.3f | %.3f | %.2f |\n", c, f, m, f / m }'
    awk -v g="$gf" -v h="$hf" -v gm="$gm" -v hm="$hm" \
        'BEGIN { printf "| guest / host | %.0f | %.0f | |\n", g / h, gm / hm }'
} >"$out/speedtest1.md"
{ echo "== guest"; tr -d '\r' <"$out/guest.log"; echo "== host"; cat "$out/host.log"; } >"$out/speedtest1.log"
cat "$out/speedtest1.md"
