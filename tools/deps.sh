#!/usr/bin/env bash
# Check every host tool the build needs; install missing Debian packages with
# apt-get (as root, or through sudo). If that is impossible, print the exact
# command and fail. Nothing is downloaded any other way. (The ports' sources,
# Debian's lua5.4 and sqlite3, come with apt-get source in tools/ports.sh:
# dpkg-dev unpacks them, tcl makes SQLite's amalgamation.)
set -uo pipefail

# command-or-file : Debian package
need=(
    "i686-linux-gnu-gcc:gcc-i686-linux-gnu"
    "i686-linux-gnu-ld:binutils-i686-linux-gnu"
    "nasm:nasm"
    "grub-mkrescue:grub-common"
    "/usr/lib/grub/i386-pc/modinfo.sh:grub-pc-bin"
    "xorriso:xorriso"
    "mformat:mtools"
    "qemu-system-i386:qemu-system-x86"
    "mke2fs:e2fsprogs"
    "/usr/include/cmocka.h:libcmocka-dev"
    "gcc:gcc"
    "gnuplot:gnuplot-nox"
    "cpio:cpio"
    "/usr/src/newlib:newlib-source"
    "python3:python3"
    "dpkg-source:dpkg-dev"
    "curl:curl"
    "debugfs:e2fsprogs"
    "tclsh:tcl"
    "make:make"
    "xz:xz-utils"
    "ab:apache2-utils"
)
missing=()
for entry in "${need[@]}"; do
    what=${entry%%:*} pkg=${entry##*:}
    if [[ $what == /* ]]; then
        [ -e "$what" ] || missing+=("$pkg")
    else
        command -v "$what" >/dev/null 2>&1 || [ -x "/usr/sbin/$what" ] || [ -x "/sbin/$what" ] || missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; else
    echo "deps: cannot install as $(id -un); run as root:" >&2
    echo "    apt-get update && $line" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo $line >/dev/null; then
    # a mirror in mid-sync may fail an index or two: try with what is there
    { $sudo apt-get update >/dev/null || true; } && $sudo $line >/dev/null || {
        echo "deps: installation failed; try: apt-get update && $line" >&2
        exit 1
    }
fi
