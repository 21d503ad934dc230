#!/usr/bin/env bash
# Run the HVS benchmarks (DESIGN §6) and report them beside the paper's numbers.
# Boots /bin/hvsbench headless in three configurations, gathers the BENCH lines
# into OUTDIR/hvs.log, then writes OUTDIR/hvs.csv, the PNG plots, OUTDIR/hvs.md
# and, for the OMF paper (the omf suite's lines), OUTDIR/omf.md and omf.csv;
# OUTDIR/linux.log (make bench-linux) joins the reports when it is there.
# usage: tools/bench.sh OUTDIR                   boot, then report
#        tools/bench.sh --from-log LOG OUTDIR    report from an existing log, no boot
# env: BUILD, QEMU, QEMU_FLAGS (from the Makefile); TIMEOUT seconds per boot (1200);
#      ICOUNT=1 adds `-icount shift=0` (instruction-count time: repeatable numbers);
#      BOOTS="all switch-nopge ipc-copy" picks boots by name.
# Exit status: 0, or 1 when a boot failed or the report could not be made
# (whatever results came out are kept).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:=build}" "${TIMEOUT:=1200}" "${ICOUNT:=0}" "${BOOTS:=all switch-nopge ipc-copy}"

# The lines a log keeps: bench.sh's own header lines and the guest's BENCH lines.
KEEP='^# (date|qemu|cpu|icount|qemu_flags|boot [^ ]+): |BENCH '

# name -> kernel command line
declare -A CMDLINE=(
    [all]="quiet -- /bin/hvsbench all"
    [switch-nopge]="quiet nopge -- /bin/hvsbench switch"
    [ipc-copy]="quiet ipc_copy=65536 -- /bin/hvsbench ipc"
)

# shellcheck source=tools/boot-status.sh
. "$here/boot-status.sh"

# Boot each configuration, appending its BENCH lines to $log as they come;
# adds the names of failed boots to $failed.
run_boots() {
    local dir=$BUILD/bench extra=() name status start secs
    mkdir -p "$dir"
    [ "$ICOUNT" = 1 ] && extra=(-icount shift=0)
    {
        echo "# date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
        echo "# qemu: $(${QEMU:-qemu-system-i386} --version | head -1)"
        echo "# cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
        echo "# icount: $ICOUNT"
        echo "# qemu_flags: ${QEMU_FLAGS:-}${extra[*]:+ ${extra[*]}}"
    } >"$log"
    for name in $BOOTS; do
        if [ -z "${CMDLINE[$name]:-}" ]; then
            echo "bench: unknown boot $name" >&2
            failed+=" $name"
            continue
        fi
        echo "bench: boot $name: ${CMDLINE[$name]}"
        GRUB_SERIAL=0 "$here/mkiso.sh" "$dir/$name.iso" "$BUILD/kernel.elf" "${CMDLINE[$name]}" \
            "$BUILD/initrd.cpio" initrd || { failed+=" $name"; continue; }
        # a fresh disk for the file server (the io suite writes its file there)
        "$here/mkdisk.sh" "$dir/$name.img" "$here/../disk" 64 4096 || { failed+=" $name"; continue; }
        start=$SECONDS
        "$here/qemu-boot.sh" "$dir/$name.iso" "$dir/$name.serial" "${extra[@]}" \
            -drive "file=$dir/$name.img,format=raw,if=ide,index=0,media=disk"
        status=$? secs=$((SECONDS - start))
        echo "# boot $name: $(describe $status), $secs s, cmdline \"${CMDLINE[$name]}\"" >>"$log"
        grep -a 'BENCH ' "$dir/$name.serial" | tr -d '\r' >>"$log"
        echo "bench: boot $name: $(describe $status) in $secs s," \
            "$(grep -ac 'BENCH ' "$dir/$name.serial") BENCH lines (serial log $dir/$name.serial)"
        if [ "$status" != 0 ]; then
            echo "bench: FAILED boot $name: $(describe $status), see $dir/$name.serial" >&2
            failed+=" $name"
        fi
    done
}

# Write OUTDIR/hvs.csv, the plots and OUTDIR/hvs.md from $log.
report() {
    local tmp note rc=0 fallback
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
    # Fallbacks for a log without bench.sh's header lines: this host, now.
    fallback=("date=$(date -u '+%Y-%m-%d %H:%M:%S UTC') (report time)"
        "qemu=$(${QEMU:-qemu-system-i386} --version 2>/dev/null | head -1)"
        "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
        "icount=$ICOUNT")
    # with the Linux column when make bench-linux left its log beside ours
    logs=$log
    [ -s "$out/linux.log" ] && logs+=",$out/linux.log"
    python3 "$here/bench-report.py" csv "$logs" >"$out/hvs.csv" || rc=1
    python3 "$here/bench-report.py" md "$logs" "${fallback[@]}" >"$out/hvs.md" || rc=1
    # the OMF paper's section 4 from the same logs (the omf suite's lines)
    { head -1 "$out/hvs.csv"; grep '^omf,' "$out/hvs.csv"; } >"$out/omf.csv"
    python3 "$here/bench-report.py" md "$logs" --paper "$here/../bench/omf-paper.tsv" \
        "${fallback[@]}" >"$out/omf.md" || rc=1
    python3 "$here/bench-report.py" dat "$logs" "$tmp" || rc=1
    # Fig. 8's stacked bars: read, replace and write parts per system and size
    python3 - "$out/hvs.csv" "$tmp/omf-replace-stack.dat" <<'PY' || rc=1
import csv, sys
us = {(r["name"], r["value"]): r["us"] for r in csv.DictReader(open(sys.argv[1])) if r["suite"] == "omf"}
kinds = [("copy", "copy"), ("omf", "OMF"), ("copy-hvs", "copy*"), ("omf-hvs", "OMF*"), ("linux", "Linux")]
with open(sys.argv[2], "w") as out:
    for size in ("4096", "8192", "16384"):
        for key, label in kinds:
            base, suffix = (key[:-4], "-hvs") if key.endswith("-hvs") else (key, "")
            parts = [us.get(("replace-%s-%s%s" % (base, p, suffix), size), "n/a") for p in ("read", "replace", "write")]
            if all(p in ("n/a", "") for p in parts):
                continue
            parts = ["0" if p in ("n/a", "") else p for p in parts]
            out.write('"%s %dK" %s\n' % (label, int(size) // 1024, " ".join(parts)))
PY
    if grep -q '^# icount: 1' "$log" ||
        { ! grep -q '^# icount:' "$log" && [ "$ICOUNT" = 1 ]; }; then
        note="QEMU TCG, -icount shift=0 (not a real Pentium III)"
    else
        note="QEMU TCG (emulated time, not a real Pentium III)"
    fi
    if command -v gnuplot >/dev/null; then
        gnuplot -e "dat='$tmp'; out='$out'; note='$note'; tools='$here'" "$here/bench-plot.gp" || rc=1
        gnuplot -e "dat='$tmp'; out='$out'; note='$note'; tools='$here'" "$here/bench-omf.gp" || rc=1
    else
        echo "bench: gnuplot not found (make deps installs gnuplot-nox): no plots" >&2
        rc=1
    fi
    rm -rf "$tmp"
    echo "bench: $out/hvs.log, hvs.csv ($(($(wc -l <"$out/hvs.csv") - 1)) rows), hvs.md, omf.md, omf.csv, *.png"
    for md in hvs omf; do
        grep -aE '^- \*\*(HOLDS|DOES NOT HOLD|CANNOT TELL|N/A)\*\*' "$out/$md.md" |
            sed "s/\*\*//g; s/^- /bench: $md: /"
        grep -a '^Summary: ' "$out/$md.md" | sed "s/^Summary: /bench: $md targets: /"
    done
    return $rc
}

if [ "${1:-}" = --from-log ]; then
    [ $# = 3 ] || { echo "usage: $0 --from-log LOG OUTDIR" >&2; exit 2; }
    src=$2 out=$3
    mkdir -p "$out"
    log=$out/hvs.log
    lines=$(grep -aE "$KEEP" "$src" | tr -d "\r") || echo "bench: no BENCH lines in $src" >&2
    printf "%s\n" "$lines" >"$log"
    report
    exit
fi
[ $# = 1 ] || { echo "usage: $0 OUTDIR | $0 --from-log LOG OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
log=$out/hvs.log
failed=
run_boots
report || failed+=" (report)"
[ -z "$failed" ] || { echo "bench: FAILED:$failed" >&2; exit 1; }
