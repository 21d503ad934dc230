#!/usr/bin/env bash
# Boot an ISO headless under a hard time-out, serial console to a log file.
# usage: tools/qemu-boot.sh ISO LOG [extra QEMU arguments...]   (LOG "-": stdout)
# env: QEMU, QEMU_FLAGS (from the Makefile), TIMEOUT seconds.
# Exit status: the guest's isa-debug-exit code translated back (0 = the
# guest reported success, 1 = it reported failure, 3 = kernel panic),
# 124 = time-out, anything else = QEMU died (e.g. a triple fault with -no-reboot).
set -uo pipefail
iso=$1 log=$2
shift 2
: "${QEMU:=qemu-system-i386}"
: "${QEMU_FLAGS:=-accel tcg -cpu pentium3 -m 64 -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04}"
: "${TIMEOUT:=300}"
# shellcheck disable=SC2086 # QEMU_FLAGS is a word list on purpose
run() {
    timeout --foreground -k 5 "$TIMEOUT" $QEMU $QEMU_FLAGS "$@" -cdrom "$iso" -display none \
        -serial stdio -monitor none </dev/null
}
if [ "$log" = - ]; then run "$@"; else run "$@" >"$log" 2>&1; fi
rc=$?
case $rc in
    124 | 137) exit 124 ;;
    0) exit 2 ;;                          # QEMU ended without isa-debug-exit: reset/triple fault
    *) [ $((rc & 1)) = 1 ] && exit $(((rc - 1) / 2)) || exit 2 ;;
esac
