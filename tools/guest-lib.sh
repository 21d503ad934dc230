# tools/guest-lib.sh - sourced by tools/guest-tests.sh: the steps every test
# boot and every interactive session share. Each boot gets a disk of its
# own, a copy of $dir/pristine.img (or, with DISK_SPEC="MB BLOCKSIZE", a
# fresh one of that geometry; with DISK_FROM=IMAGE, a copy of that image), which e2fsck -fn must find clean afterwards
# (unclean ones collect in $unclean_disks). Needs: here, dir, kernel,
# MODULES, QEMU, QEMU_FLAGS, TIMEOUT.
#   ok TEXT / notok TEXT          one TAP line
#   boot NAME CMDLINE [QEMU args] a headless boot under the time-out: $log, $status
#   tap NAME                      the guest's TAP lines, prefixed, and its plan checked
#   session_start NAME ARGS...    QEMU in the background, fd 3 its input: $log, $qpid
#   session_wait PATTERN [SECONDS], session_end
#   shell_session NAME STEPS [QEMU args]  start, wait for the prompt, run the
#                                 function STEPS (it types on fd 3), end: $clean
# shellcheck shell=bash disable=SC2154 # here, dir, kernel, QEMU... come from the sourcing script

# shellcheck source=tools/boot-status.sh
. "$here/boot-status.sh"

unclean_disks=""

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }

# Every boot has a disk of its own (DESIGN §5: tests use images of their
# own), a copy of one made from disk/ (or, with DISK_SPEC="MB BLOCKSIZE", a
# fresh one of that geometry); after the boot e2fsck -fn must find it clean.
disk_for() { # NAME: makes $dir/NAME.img, sets $disk
    disk=$dir/$1.img
    if [ -n "${DISK_FROM:-}" ]; then # an image of the caller's, copied
        cp --sparse=always "$DISK_FROM" "$disk"
    elif [ -n "${DISK_SPEC:-}" ]; then
        # shellcheck disable=SC2086 # MB and block size
        "$here/mkdisk.sh" "$disk" "$here/../disk" $DISK_SPEC
    else
        cp --sparse=always "$dir/pristine.img" "$disk"
    fi
}
fsck_clean() { # IMAGE: e2fsck -fn finds nothing (it exits 0 even when it declines a fix)
    local out
    out=$(/sbin/e2fsck -fn "$1" 2>&1) && ! grep -q '? no' <<<"$out"
}
check_disk() { # NAME: after the boot, the disk must be clean
    fsck_clean "$dir/$1.img" || unclean_disks+=" $1"
}

# The NIC every boot has (QEMU_NIC, the Makefile's: the e1000 on QEMU's user
# network) unless its own arguments name one (-nic none, say).
nic_for() { # QEMU args...: sets $nic
    nic=()
    [[ " $* " == *" -nic "* ]] || read -ra nic <<<"${QEMU_NIC:--nic user,model=e1000}"
}

# boot NAME CMDLINE [QEMU args]: sets $log and $status
boot() {
    local name=$1 cmdline=$2
    shift 2
    log=$dir/$name.log
    disk_for "$name"
    nic_for "$@"
    "$here/mkiso.sh" "$dir/$name.iso" "$kernel" "$cmdline" "${MODULES[@]}"
    "$here/qemu-boot.sh" "$dir/$name.iso" "$log" \
        -drive "file=$disk,format=raw,if=ide,index=0,media=disk" "${nic[@]}" "$@"
    status=$?
    check_disk "$name"
}

# tap NAME: re-emit the guest's TAP lines prefixed with NAME, then check the plan.
tap() {
    local name=$1 planned count
    grep -aE '^(not )?ok [0-9]+' "$log" | tr -d '\r' | sed -E "s/^(not )?ok [0-9]+ -? ?/\1ok - $name: /"
    planned=$(grep -aE '^1\.\.[0-9]+' "$log" | tail -1 | tr -d '\r' | cut -c4-)
    count=$(grep -acE '^(not )?ok [0-9]+' "$log")
    if [ -z "$planned" ]; then
        notok "$name: no plan ($(describe $status)), see $log"
    elif [ "$planned" != "$count" ]; then
        notok "$name: planned $planned, ran $count ($(describe $status)), see $log"
    elif [ $status != 0 ] && ! grep -aq '^not ok' "$log"; then
        notok "$name: $(describe $status) after all cases passed, see $log"
    fi
}

session_start() { # NAME QEMU-ARGS...: starts QEMU, sets $log, $qpid, fd 3 = its input
    local name=$1
    shift
    log=$dir/$name.log
    rm -f "$dir/$name.fifo"
    mkfifo "$dir/$name.fifo"
    # shellcheck disable=SC2086
    disk_for "$name"
    nic_for "$@"
    timeout -k 5 "$TIMEOUT" $QEMU $QEMU_FLAGS -cdrom "${SESSION_ISO:-$dir/interactive.iso}" \
        -display none -drive "file=$disk,format=raw,if=ide,index=0,media=disk" "${nic[@]}" "$@" \
        <"$dir/$name.fifo" >"$log" 2>&1 &
    qpid=$!
    exec 3>"$dir/$name.fifo"
}
session_wait() { # PATTERN [SECONDS]: wait until the log matches
    local i
    for ((i = 0; i < ${2:-60} * 10; i++)); do
        [ -f "$log" ] && tr -d '\r' <"$log" | grep -aqE -- "$1" && return 0
        kill -0 "$qpid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
session_end() {
    exec 3>&-
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
}

shell_session() { # NAME STEPS [QEMU args]: a shell on the serial line; the log, CRs gone, in $clean
    local name=$1 steps=$2
    shift 2
    [ $# -gt 0 ] || set -- -serial stdio -monitor none
    session_start "$name" "$@"
    session_wait 'tender\$ ' && "$steps"
    session_end
    clean=$(tr -d '\r' <"$log")
}
