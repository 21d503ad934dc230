#!/usr/bin/env bash
# Build newlib (Debian's newlib-source) as the C library of our programs:
# libc.a and libm.a for i686-elf, position-independent for static-PIE
# programs, i586 code, no system calls of its own (user/lib/posix.c supplies
# them). Debian's i686-linux-gnu cross tools stand in for i686-elf-* through
# links made here. Takes about a minute; the result is kept under OUT.
# usage: tools/newlib.sh OUT   (OUT/i686-elf/{include,lib} when done)
set -euo pipefail
# The Linux cross compiler says __linux__, which would make newlib configure
# itself for Linux (its reentrancy and 64-bit stdio): we are not Linux. The
# programs build with the same flags (user/module.mk), so headers agree.
NEWLIB_TARGET_FLAGS="-march=i586 -U__linux__ -U__gnu_linux__ -Ulinux"
# The kernel has signals (proc/signal.c) and user/lib/signal.c provides
# signal(); SIGNAL_PROVIDED drops newlib's user-space imitation (a handler
# table only raise() consulted) and makes its raise kill(getpid(), sig), as
# newlib's Linux and RTEMS ports do.
NEWLIB_TARGET_FLAGS+=" -DSIGNAL_PROVIDED"
# newlib's clock() adds the children's CPU time (tms_cutime, tms_cstime) to
# the process's own; POSIX's clock() is the process's alone, and so is ours
# (user/lib/time.c). CLOCK_PROVIDED leaves newlib's out.
NEWLIB_TARGET_FLAGS+=" -DCLOCK_PROVIDED"
out=$(realpath -m "$1")
tarball=$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -1)
[ -n "$tarball" ] || { echo "newlib: /usr/src/newlib has no source (apt-get install newlib-source)" >&2; exit 1; }
work=$out.work
rm -rf "$work" "$out"
mkdir -p "$work/bin" "$work/build"
for tool in gcc ar as ld nm ranlib objdump strip readelf; do
    ln -s "$(command -v i686-linux-gnu-$tool)" "$work/bin/i686-elf-$tool"
done
ln -s "$(command -v i686-linux-gnu-gcc)" "$work/bin/i686-elf-cc"
tar -xf "$tarball" -C "$work"
src=$(find "$work" -mindepth 2 -maxdepth 2 -name configure -path '*newlib*' | head -1)
export PATH="$work/bin:$PATH"
cd "$work/build"
echo "  NEWLIB  $(basename "$tarball") -> $out (log: $work/build.log)"
{
    "$(dirname "$src")/configure" --target=i686-elf --prefix="$out" --disable-multilib \
        --disable-newlib-supplied-syscalls --enable-newlib-io-long-long \
        --enable-newlib-io-c99-formats \
        CFLAGS_FOR_TARGET="$NEWLIB_TARGET_FLAGS -O2 -g -fpie -ffunction-sections -fdata-sections -fno-stack-protector"
    make -j"$(nproc)" all-target-newlib
    make install-target-newlib
} >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
# What our kernel offers that newlib cannot know: clock_gettime with
# CLOCK_REALTIME and CLOCK_MONOTONIC (user/lib/time.c), as DESIGN §4 promises.
features=$(find "$out" -path '*/include/sys/features.h' | head -1)
cat >>"$features" <<'FEATURES'

/* Tender (tools/newlib.sh): clock_gettime, CLOCK_REALTIME, CLOCK_MONOTONIC */
#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS 1
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK 200112L
#endif
FEATURES
# POSIX's _setjmp and _longjmp (user/lib/setjmp.asm), which newlib declares
# for Cygwin and RTEMS only.
setjmp_h=$(find "$out" -path '*/include/setjmp.h' | head -1)
cat >>"$setjmp_h" <<'SETJMP'

/* Tender (tools/newlib.sh): POSIX's _setjmp and _longjmp, which neither
   save nor restore the signal mask (user/lib/setjmp.asm) */
#ifndef _TENDER_SETJMP_H_
#define _TENDER_SETJMP_H_
_BEGIN_STD_C
int _setjmp (jmp_buf __jmpb) __attribute__ ((__returns_twice__));
void _longjmp (jmp_buf __jmpb, int __retval) __attribute__ ((__noreturn__));
_END_STD_C
#endif
SETJMP
mv "$work/build.log" "$out/build.log"
rm -rf "$work"
