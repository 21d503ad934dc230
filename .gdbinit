# Used by `make qemu-gdb`: run gdb from this folder (allow it once with
# `set auto-load safe-path /` in ~/.gdbinit, or start `gdb -x .gdbinit`).
set architecture i386
file build/kernel.elf
target remote localhost:1234
