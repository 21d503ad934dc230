#!/usr/bin/env bash
# Make a GRUB (multiboot2) boot ISO.
# usage: tools/mkiso.sh OUT.iso KERNEL.elf "kernel command line" [MODULE NAME]...
# The serial console is COM1 at 115200; the menu times out at once.
# GRUB_SERIAL=0 keeps GRUB itself off the serial line (headless runs whose
# serial output is the program's output); the kernel still uses it.
set -euo pipefail
out=$1 kernel=$2 line=$3
shift 3
stage=$(mktemp -d "${TMPDIR:-/tmp}/iso.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/kernel.elf"
# The boot command (what follows " -- ") goes to init as the module
# "bootcmd" (getenvinfo), byte for byte, so neither GRUB's parser nor the
# length of the kernel's command line touches it; the kernel keeps " --".
pad=" $line "
if [[ $pad == *" -- "* ]]; then
    opts=${pad%%" -- "*} bootcmd=${pad#*" -- "}
    opts=${opts# } bootcmd=${bootcmd% }
    line="${opts:+$opts }--"
    if [ -n "$bootcmd" ]; then
        printf '%s' "$bootcmd" >"$stage/boot/bootcmd"
        set -- "$@" "$stage/boot/bootcmd" bootcmd
    fi
fi
# The kernel keeps 255 bytes of its command line (kernel/bootinfo.h,
# BOOT_CMDLINE_MAX): refuse longer options rather than boot cut ones.
if [ ${#line} -gt 255 ]; then
    echo "mkiso: the kernel command line is ${#line} bytes, more than the 255 the kernel keeps:" >&2
    echo "    $line" >&2
    exit 2
fi
# GRUB's own parser would act on ; & | $ < > ( ) { } " ' in the options:
# escape them so they reach the kernel's command line as typed.
cmdline=$(printf '%s' "$line" | sed 's/[;&|$<>(){}"'"'"'\\]/\\&/g')
{
    if [ "${GRUB_SERIAL:-1}" = 1 ]; then
        echo 'serial --unit=0 --speed=115200'
        echo 'terminal_input serial console'
        echo 'terminal_output serial console'
    fi
    echo 'set timeout=0'
    echo 'menuentry "Tender/HVS" {'
    echo "    multiboot2 /boot/kernel.elf $cmdline"
    while [ $# -ge 2 ]; do
        [ "$1" = "$stage/boot/$2" ] || cp "$1" "$stage/boot/$2"
        echo "    module2 /boot/$2 $2"
        shift 2
    done
    echo '    boot'
    echo '}'
} > "$stage/boot/grub/grub.cfg"
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$stage" >/dev/null 2>&1 || { grub-mkrescue -o "$out" "$stage"; exit 1; }
