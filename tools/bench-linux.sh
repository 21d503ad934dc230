#!/usr/bin/env bash
# make bench-linux: Debian's stock i686 kernel beside ours, in the same QEMU
# (DESIGN §6, issue 10). Fetches linux-image-686 (i386) through private apt
# lists (tools/debfetch.sh) and unpacks it, builds our static benchmark program
# tools/linux/lbench.c as /init of an initramfs, with the programs its
# process creation execs (tools/linux/lpad.c, /lpadN-nolibc and
# /lpadN-libc), boots it under the same
# `qemu-system-i386 -accel tcg -cpu pentium3 -m 64`, and writes its BENCH
# lines to OUTDIR/linux.log; then the reports (hvs.md, omf.md) are made
# again with the Linux column, from OUTDIR/hvs.log if `make bench` wrote one.
# usage: tools/bench-linux.sh OUTDIR      env: BUILD, QEMU, QEMU_FLAGS, TIMEOUT
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:=build}" "${TIMEOUT:=900}"
out=$1
dir=$(realpath -m "$BUILD/linux")
mkdir -p "$dir" "$out"
if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi

# the kernel: linux-image-686 names the current image package; both come
# through tools/debfetch.sh (private apt lists with i386 as their
# architecture: the machine's apt and dpkg configuration stay untouched)
if [ ! -s "$dir/vmlinuz" ]; then
    debs=$dir/debs
    "$here/debfetch.sh" "$debs" linux-image-686 || {
        echo "bench-linux: fetching linux-image-686 (i386) failed" >&2
        exit 1
    }
    image=$(dpkg-deb -f "$debs"/linux-image-686_*.deb Depends | grep -o 'linux-image-[0-9][^ ,]*-686')
    "$here/debfetch.sh" "$debs" "$image" || {
        echo "bench-linux: fetching $image (i386) failed" >&2
        exit 1
    }
    rm -rf "$dir/pkg" && mkdir -p "$dir/pkg"
    dpkg-deb -x "$debs/$image"_*.deb "$dir/pkg" || exit 1
    cp "$dir"/pkg/boot/vmlinuz-* "$dir/vmlinuz"
    echo "$image" >"$dir/version"
    rm -rf "$dir/pkg"
fi

# the program, static against the cross glibc
if [ ! -e /usr/i686-linux-gnu/lib/libc.a ]; then
    echo "bench-linux: installing libc6-dev-i386-cross"
    $sudo apt-get install -y -qq --no-install-recommends libc6-dev-i386-cross >/dev/null || exit 1
fi
i686-linux-gnu-gcc -static -O2 -pthread -Wall -Wextra -Werror -o "$dir/init" "$here/linux/lbench.c" || exit 1
# what its process-creation figure execs: bpadN's twins (tools/linux/lpad.c),
# at hvsbench's sizes, with no C library and with glibc's static start-up,
# linked alike (no page-aligned gap between text and data, no build id)
progs=(init)
for kib in 16 64 256 1024; do
    for kind in nolibc libc; do
        flags=(-static -O2 -Wall -Wextra -Werror -Wl,-z,noseparate-code -Wl,--build-id=none)
        [ "$kind" = nolibc ] && flags+=(-nostdlib -DLPAD_NOLIBC)
        i686-linux-gnu-gcc "${flags[@]}" -DPAD_KIB=$kib -o "$dir/lpad$kib-$kind" \
            "$here/linux/lpad.c" || exit 1
        progs+=("lpad$kib-$kind")
    done
done
(cd "$dir" && printf '%s\n' "${progs[@]}" | cpio -o -H newc 2>/dev/null | gzip >"$dir/initrd.cpio.gz.tmp") &&
    mv "$dir/initrd.cpio.gz.tmp" "$dir/initrd.cpio.gz" || exit 1

echo "bench-linux: booting $(cat "$dir/version") with $dir/init"
start=$SECONDS
# shellcheck disable=SC2086 # QEMU_FLAGS is a word list
timeout --foreground -k 5 "$TIMEOUT" ${QEMU:-qemu-system-i386} ${QEMU_FLAGS:-} -kernel "$dir/vmlinuz" \
    -initrd "$dir/initrd.cpio.gz" -append "console=ttyS0 quiet panic=-1" -display none \
    -serial stdio -monitor none </dev/null >"$dir/serial.log" 2>&1
rc=$?
{
    echo "# date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "# boot linux: exit $rc, $((SECONDS - start)) s, $(cat "$dir/version") with tools/linux/lbench.c as /init"
    grep -a 'BENCH ' "$dir/serial.log" | tr -d '\r'
} >"$out/linux.log"
n=$(grep -c 'BENCH ' "$out/linux.log")
echo "bench-linux: $n BENCH lines in $out/linux.log (serial log $dir/serial.log)"
[ "$n" -gt 10 ] || { echo "bench-linux: the Linux boot gave no numbers (exit $rc)" >&2; exit 1; }
if [ -f "$out/hvs.log" ]; then
    "$here/bench.sh" --from-log "$out/hvs.log" "$out"
fi
