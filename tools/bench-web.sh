#!/usr/bin/env bash
# make bench-web: the HVS paper's web test for real (§5.3, Fig. 10; DESIGN
# §7). ApacheBench (ab) on the host against /cgi-bin/counter:
#  1. Tender: the guest boots headless with the e1000 on QEMU's user network
#     and three forwarded loopback ports; on its serial shell we start
#     `httpd -m new -p 81` and `httpd -m hvs -p 82` (same workers), then for
#     each client count (WEB_CLIENTS) run WEB_PAIRS pairs of ab runs, one per
#     mode, the mode that goes first alternating from pair to pair (a pair
#     shares the host's conditions; the report takes the per-pair ratio).
#     Before them, in a boot of its own under `-icount shift=0` (WEB_TIME_ICOUNT=1:
#     the guest's TSC then counts its instructions, 1 µs = 1,000, so the
#     host's load does not enter the breakdown; 0: in the same boot as the
#     pairs, in host time), the per-request breakdown (issue 19): `httpd -m
#     new -p 83 -w 1 -s` and `httpd -m hvs -p 84 -w 1 -s` (one worker each,
#     stats on); WEB_TIME_ROUNDS rounds, each mode once a round (alternating
#     which goes first), of /server-stats, `ab -c 1 -n WEB_TIME_REQUESTS`,
#     /server-stats: the differences (the worker's stages, netd's and the
#     file server's requests and cycles, the kernel's switches and
#     address-space loads) go to OUTDIR/web-time.csv.
#     Then `halt` writes the disk back, and /var/counter on the disk
#     (debugfs) must equal the CGI requests that succeeded.
#  2. Linux: Debian's linux-image-686 in the same QEMU with the same NIC,
#     busybox httpd (Debian's busybox-static) and the same counter built as
#     a static i386 Linux program (tools/linux/web-init.sh is /init); the
#     same ab runs, WEB_PAIRS per client count.
# Writes OUTDIR/web.csv (system,mode,clients,requests,failed,mean_ms,p50_ms,
# p90_ms,rps), web-time.csv (mode,round,answered,ab_mean_ms,stat,delta),
# web.log (every ab output), web.md and fig10-web.png
# (tools/bench-web-report.py). The Tender part needs sockets (/bin/netd in
# the boot image); without them it is skipped with a note.
# usage: tools/bench-web.sh OUTDIR
# env: BUILD, QEMU, QEMU_FLAGS, TIMEOUT (seconds per boot), WEB_CLIENTS
# ("4 8 12 16 20"), WEB_PAIRS (12), WEB_REQUESTS (requests per ab run, 100),
# WEB_WORKERS (httpd workers, 4), WEB_TIME_ROUNDS (6, 0: no breakdown),
# WEB_TIME_REQUESTS (200), WEB_TIME_ICOUNT (1), WEB_SYSTEMS ("tender linux"); WEB_SOAK=SECONDS
# runs the soak instead (make soak-web: see soak below)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:=build}" "${TIMEOUT:=3600}" "${QEMU:=qemu-system-i386}"
: "${QEMU_FLAGS:=-accel tcg -cpu pentium3 -m 64 -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04}"
: "${WEB_CLIENTS:=4 8 12 16 20}" "${WEB_PAIRS:=12}" "${WEB_REQUESTS:=100}" "${WEB_WORKERS:=4}"
: "${WEB_TIME_ROUNDS:=6}" "${WEB_TIME_REQUESTS:=200}" "${WEB_TIME_ICOUNT:=1}"
: "${WEB_SYSTEMS:=tender linux}"
out=$(realpath -m "$1")
work=$(realpath -m "$BUILD/bench-web")
mkdir -p "$out" "$work"
csv=$out/web.csv weblog=$out/web.log timecsv=$out/web-time.csv
if [ -n "${WEB_SOAK:-}" ]; then
    weblog=$out/soak.log # the soak leaves web.csv and web.log as they were
    WEB_TIME_ROUNDS=0
else
    echo "system,mode,clients,requests,failed,mean_ms,p50_ms,p90_ms,rps" >"$csv"
    echo "mode,round,answered,ab_mean_ms,stat,delta" >"$timecsv"
fi
: >"$weblog"
command -v ab >/dev/null || { echo "bench-web: no ab (apt-get install apache2-utils)" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_http PORT SECONDS: until GET / answers (any status) or the time is up
wait_http() {
    local i
    for ((i = 0; i < $2; i++)); do
        curl -s -o /dev/null -m 5 "http://127.0.0.1:$1/" && return 0
        kill -0 "$qpid" 2>/dev/null || return 1
        sleep 1
    done
    return 1
}

ok_requests=0
# warm_up PORT: a few counter requests before the measured runs (the first
# requests of a boot pay for cold caches); returns how many succeeded
warm_up() {
    local n=0 i
    for ((i = 0; i < 10; i++)); do
        curl -s -f -o /dev/null -m 60 "http://127.0.0.1:$1/cgi-bin/counter" && n=$((n + 1))
    done
    echo $n
}

# run_ab SYSTEM MODE PORT CLIENTS: one ab run, one CSV line
run_ab() {
    local system=$1 mode=$2 port=$3 clients=$4 res
    res=$(ab -q -s 60 -n "$WEB_REQUESTS" -c "$clients" "http://127.0.0.1:$port/cgi-bin/counter" 2>&1)
    { echo "### $system $mode clients=$clients $(date -u +%H:%M:%S)"; echo "$res"; } >>"$weblog"
    python3 "$here/bench-web-report.py" --parse-ab "$system" "$mode" "$clients" <<<"$res" >>"$csv.tmp" ||
        return 1
    tail -1 "$csv.tmp" >>"$csv"
    if [ "$system" = tender ]; then
        local line
        line=$(tail -1 "$csv.tmp")
        IFS=, read -r _ _ _ req fail _ <<<"$line"
        ok_requests=$((ok_requests + req - fail))
    fi
    tail -1 "$csv.tmp"
}
rm -f "$csv.tmp"

# --- Tender --------------------------------------------------------------------
# tender_boot [STATS [QEMU_EXTRA]]: the guest with `httpd -m new` on its port 81
# and `httpd -m hvs` on 82, forwarded to 127.0.0.1:$pn and :$ph, and with
# STATS=1 the one-worker `-s` instances on 83 and 84 (:$tn, :$th); its
# serial shell is fd 3, its QEMU $qpid, its disk $disk (new, /var/counter
# 0: ok_requests starts again). Returns 2 without sockets in the build.
tender_boot() {
    local kernel=$BUILD/kernel.elf initrd=$BUILD/initrd.cpio ps stats=${1:-0} extra=${2:-}
    ok_requests=0
    disk=$work/tender.img
    if ! cpio -it <"$initrd" 2>/dev/null | grep -x 'bin/netd' >/dev/null; then
        echo "bench-web: no /bin/netd in $initrd (no sockets in this build): the Tender part is skipped" |
            tee -a "$weblog"
        return 2
    fi
    "$here/mkdisk.sh" "$disk" "$here/../disk" 64 || return 1
    GRUB_SERIAL=0 "$here/mkiso.sh" "$work/tender.iso" "$kernel" "" "$initrd" initrd || return 1
    pn=$(free_port) ph=$(free_port) ps=$(free_port) tn=$(free_port) th=$(free_port)
    log=$work/tender-serial.log
    rm -f "$work/tender.fifo" && mkfifo "$work/tender.fifo"
    # shellcheck disable=SC2086 # QEMU_FLAGS is a word list
    timeout -k 5 "$TIMEOUT" $QEMU $QEMU_FLAGS $extra -cdrom "$work/tender.iso" -display none \
        -drive "file=$disk,format=raw,if=ide,index=0,media=disk" \
        -nic "user,model=e1000,hostfwd=tcp:127.0.0.1:$pn-:81,hostfwd=tcp:127.0.0.1:$ph-:82,hostfwd=tcp:127.0.0.1:$ps-:80,hostfwd=tcp:127.0.0.1:$tn-:83,hostfwd=tcp:127.0.0.1:$th-:84" \
        -serial stdio -monitor none <"$work/tender.fifo" >"$log" 2>&1 &
    qpid=$!
    exec 3>"$work/tender.fifo"
    for ((i = 0; i < 120; i++)); do
        tr -d '\r' <"$log" | grep -aq 'tender\$ ' && break
        sleep 1
    done
    printf 'httpd -m new -p 81 -w %d -q &\r' "$WEB_WORKERS" >&3
    sleep 2
    printf 'httpd -m hvs -p 82 -w %d -q &\r' "$WEB_WORKERS" >&3
    if [ "$stats" = 1 ]; then
        sleep 2
        printf 'httpd -m new -p 83 -w 1 -q -s &\r' >&3
        sleep 2
        printf 'httpd -m hvs -p 84 -w 1 -q -s &\r' >&3
    fi
    if ! wait_http "$pn" 120 || ! wait_http "$ph" 120 ||
        { [ "$stats" = 1 ] && { ! wait_http "$tn" 120 || ! wait_http "$th" 120; }; }; then
        echo "bench-web: the guest's httpd does not answer (serial log $log)" | tee -a "$weblog" >&2
        exec 3>&-
        kill "$qpid" 2>/dev/null
        return 1
    fi
    local with=""
    [ "$stats" = 1 ] && with="; breakdown new :$tn, hvs :$th"
    echo "bench-web: Tender up${extra:+ ($extra)} (new: 127.0.0.1:$pn, hvs: 127.0.0.1:$ph$with)"
    ok_requests=$((ok_requests + $(warm_up "$pn") + $(warm_up "$ph")))
}

# tender_halt: halt the guest (the disk is written back), then /var/counter
# on its disk must equal the CGI requests that succeeded ($ok_requests).
tender_halt() {
    printf 'halt\r' >&3
    for ((i = 0; i < 120; i++)); do
        kill -0 "$qpid" 2>/dev/null || break
        sleep 1
    done
    exec 3>&-
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
    local count
    count=$(/sbin/debugfs -R "cat /var/counter" "$disk" 2>/dev/null | tr -dc '0-9')
    if [ "$count" = "$ok_requests" ]; then
        echo "COUNTER OK: /var/counter on the disk is $count, the successful CGI requests $ok_requests" |
            tee -a "$weblog"
    else
        echo "COUNTER MISMATCH: /var/counter on the disk is ${count:-unreadable}, the successful CGI requests $ok_requests" |
            tee -a "$weblog" >&2
        return 1
    fi
}

# breakdown ICOUNT: WEB_TIME_ROUNDS rounds of each mode on its one-worker
# httpd with -s: /server-stats, ab -c 1, /server-stats; the differences of
# every counter into web-time.csv (the report divides by the worker's
# requests), and a line `icount ICOUNT` (1: the cycles are instructions)
breakdown() {
    local r m port before after res answered mean icount=$1
    for ((r = 0; r < WEB_TIME_ROUNDS; r++)); do
        if ((r % 2 == 0)); then order="new hvs"; else order="hvs new"; fi
        for m in $order; do
            if [ "$m" = new ]; then port=$tn; else port=$th; fi
            before=$(curl -s -f -m 30 "http://127.0.0.1:$port/server-stats") || return 1
            res=$(ab -q -s 60 -n "$WEB_TIME_REQUESTS" -c 1 "http://127.0.0.1:$port/cgi-bin/counter" 2>&1)
            after=$(curl -s -f -m 30 "http://127.0.0.1:$port/server-stats") || return 1
            { echo "### breakdown tender $m round=$r $(date -u +%H:%M:%S)"; echo "$res"; } >>"$weblog"
            answered=$(answered <<<"$res")
            ok_requests=$((ok_requests + answered))
            mean=$(sed -n 's/^Time per request: *\([0-9.]*\) \[ms\] (mean)$/\1/p' <<<"$res")
            # the two answers' "name value" lines joined by name: name,after-before
            LC_ALL=C join <(LC_ALL=C sort <<<"$before") <(LC_ALL=C sort <<<"$after") |
                awk -v m="$m" -v r="$r" -v a="$answered" -v t="${mean:-0}" \
                    '$2 ~ /^[0-9]+$/ && $1 != "tsc_khz" {printf "%s,%s,%s,%s,%s,%.0f\n", m, r, a, t, $1, $3 - $2}
                     $1 == "tsc_khz" {printf "%s,%s,%s,%s,%s,%s\n", m, r, a, t, $1, $3}' >>"$timecsv"
            echo "$m,$r,$answered,${mean:-0},icount,$icount" >>"$timecsv"
            echo "bench-web: breakdown $m round $r: $answered answered, $mean ms"
        done
    done
}

tender() {
    local err status=0 stats=0
    if [ "$WEB_TIME_ROUNDS" -gt 0 ] && [ "$WEB_TIME_ICOUNT" = 1 ]; then
        tender_boot 1 "-icount shift=0"
        err=$?
        [ $err = 2 ] && return 0
        [ $err = 0 ] || return 1
        breakdown 1 || echo "bench-web: the breakdown failed (no /server-stats)" | tee -a "$weblog" >&2
        tender_halt || status=1
    elif [ "$WEB_TIME_ROUNDS" -gt 0 ]; then
        stats=1
    fi
    tender_boot $stats
    err=$?
    [ $err = 2 ] && return 0
    [ $err = 0 ] || return 1
    if [ $stats = 1 ]; then
        breakdown 0 || echo "bench-web: the breakdown failed (no /server-stats)" | tee -a "$weblog" >&2
    fi
    local pair=0
    for c in $WEB_CLIENTS; do
        for ((k = 0; k < WEB_PAIRS; k++)); do
            if ((pair++ % 2 == 0)); then order="new hvs"; else order="hvs new"; fi
            for m in $order; do
                if [ "$m" = new ]; then port=$pn; else port=$ph; fi
                run_ab tender "$m" "$port" "$c" || echo "bench-web: ab failed (tender $m $c)" >&2
            done
        done
    done
    tender_halt || status=1
    return $status
}

# held N: what the guest holds after the Nth snapshot: its free frames and
# slots (res) and netd's sockets, waiting requests and buffered bytes
held() {
    tr -d '\r' <"$log" | grep -aE '^(free frames|sockets [0-9])' | sed -n "$((2 * $1 - 1)),$((2 * $1))p" |
        sed -E 's/\(your owner.s [0-9]+\)//' | tr '\n' ' '
}
snapshot() { # N: type res and netinfo, wait for their lines
    printf 'res; netinfo\r' >&3
    for ((i = 0; i < 60; i++)); do
        [ "$(tr -d '\r' <"$log" | grep -acE '^sockets [0-9]')" -ge "$1" ] && return 0
        sleep 1
    done
    return 1
}

# The soak (make soak-web, WEB_SOAK seconds): the counter in mode hvs at 20
# clients, as many requests as fit in that time (at most 100,000), after a
# warm-up of 2,000; the counter must equal the successes, none may fail, and the guest
# must hold after it what it held before it (frames, slots, sockets).
soak() {
    local res failed complete rps n before after
    tender_boot || return 1
    ab -q -s 60 -n 2000 -c 20 "http://127.0.0.1:$ph/cgi-bin/counter" >"$work/soak-warm.txt" 2>&1
    ok_requests=$((ok_requests + $(answered <"$work/soak-warm.txt")))
    # as many requests as fit in WEB_SOAK seconds at the warm-up's rate (at
    # most 100,000): ab -t would leave up to 20 requests in flight at its end,
    # whose scripts ran, so the counter could not be checked
    rps=$(sed -n 's/^Requests per second: *\([0-9]*\).*/\1/p' "$work/soak-warm.txt")
    n=$((${rps:-10} * WEB_SOAK))
    [ "$n" -gt 100000 ] && n=100000
    sleep 5 # connections closed, workers idle
    snapshot 1 || return 1
    res=$(ab -q -s 60 -n "$n" -c 20 "http://127.0.0.1:$ph/cgi-bin/counter" 2>&1)
    { echo "### soak tender hvs clients=20 requests=$n $(date -u +%H:%M:%S)"; echo "$res"; } >>"$weblog"
    complete=$(sed -n 's/^Complete requests: *//p' <<<"$res")
    failed=$((${complete:-0} - $(answered <<<"$res")))
    ok_requests=$((ok_requests + $(answered <<<"$res")))
    sleep 5
    snapshot 2 || return 1
    before=$(held 1) after=$(held 2)
    echo "SOAK: $complete requests in $(sed -n 's/^Time taken for tests: *//p' <<<"$res"), $failed failed" \
        "($(sed -n 's/^Requests per second: *//p' <<<"$res")); guest before: $before; after: $after" |
        tee -a "$weblog"
    local status=0
    [ "$failed" = 0 ] && [ "${complete:-0}" -gt 0 ] || status=1
    [ -n "$before" ] && [ "$before" = "$after" ] || {
        echo "SOAK: the guest holds more after the soak than before" | tee -a "$weblog" >&2
        status=1
    }
    tender_halt || status=1
    return $status
}

# answered: of an ab report on stdin, the requests that got a whole 2xx
# answer (ab counts an answer whose length differs from the first one's as
# failed; the counter's page grows a digit at 10, 100, 1000...: answered)
answered() {
    awk '/^Complete requests:/ {c = $3}
         /^Non-2xx responses:/ {bad += $3}
         /^   \(Connect:/ {gsub(/[(),]/, ""); bad += $2 + $4 + $8}
         END {print c - bad}'
}

# --- Linux ---------------------------------------------------------------------
linux_initramfs() { # builds $work/linux/{vmlinuz,initrd.cpio.gz}
    local d=$work/linux debs=$work/debs image root
    mkdir -p "$d"
    "$here/debfetch.sh" "$debs" linux-image-686 busybox-static || return 1
    image=$(dpkg-deb -f "$debs"/linux-image-686_*.deb Depends | grep -o 'linux-image-[0-9][^ ,]*-686')
    "$here/debfetch.sh" "$debs" "$image" || return 1
    if [ ! -s "$d/vmlinuz" ] || [ "$(cat "$d/version" 2>/dev/null)" != "$image" ]; then
        rm -rf "$d/pkg" && mkdir -p "$d/pkg"
        dpkg-deb -x "$debs/${image}"_*.deb "$d/pkg" || return 1
        cp "$d"/pkg/boot/vmlinuz-* "$d/vmlinuz"
        find "$d/pkg" -name e1000.ko -path '*/intel/e1000/*' -exec cp {} "$d/e1000.ko" \;
        rm -rf "$d/pkg"
        echo "$image" >"$d/version"
    fi
    [ -s "$d/e1000.ko" ] || { echo "bench-web: no e1000.ko in $image" >&2; return 1; }
    if [ ! -e /usr/i686-linux-gnu/lib/libc.a ]; then
        echo "bench-web: installing libc6-dev-i386-cross"
        if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
        $sudo apt-get install -y -qq --no-install-recommends libc6-dev-i386-cross >/dev/null || return 1
    fi
    root=$d/root
    rm -rf "$root" && mkdir -p "$root/bin" "$root/www/cgi-bin"
    dpkg-deb --fsys-tarfile "$debs"/busybox-static_*.deb | tar -x -C "$root" ./bin/busybox || return 1
    i686-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$root/www/cgi-bin/counter" \
        "$here/../user/bin/counter/counter.c" || return 1
    cp "$here/../disk/www/index.html" "$root/www/"
    cp "$d/e1000.ko" "$root/e1000.ko"
    cp "$here/linux/web-init.sh" "$root/init"
    chmod 755 "$root/init" "$root/bin/busybox"
    (cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip >"$d/initrd.cpio.gz") || return 1
}

linux() {
    local d=$work/linux port
    linux_initramfs || return 1
    port=$(free_port)
    log=$work/linux-serial.log
    # shellcheck disable=SC2086 # QEMU_FLAGS is a word list
    timeout -k 5 "$TIMEOUT" $QEMU $QEMU_FLAGS -kernel "$d/vmlinuz" -initrd "$d/initrd.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1" -display none \
        -nic "user,model=e1000,hostfwd=tcp:127.0.0.1:$port-:80" \
        -serial stdio -monitor none </dev/null >"$log" 2>&1 &
    qpid=$!
    for ((i = 0; i < 300; i++)); do
        grep -aq 'WEB READY' "$log" && break
        kill -0 "$qpid" 2>/dev/null || break
        sleep 1
    done
    if ! grep -aq 'WEB READY' "$log" || ! wait_http "$port" 60; then
        echo "bench-web: the Linux guest does not serve (serial log $log)" | tee -a "$weblog" >&2
        kill "$qpid" 2>/dev/null
        return 1
    fi
    echo "bench-web: Linux up ($(cat "$d/version"), 127.0.0.1:$port)"
    warm_up "$port" >/dev/null
    for c in $WEB_CLIENTS; do
        for ((k = 0; k < WEB_PAIRS; k++)); do
            run_ab linux fork "$port" "$c" || echo "bench-web: ab failed (linux $c)" >&2
        done
    done
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
    return 0
}

status=0
if [ -n "${WEB_SOAK:-}" ]; then
    soak || status=1
    exit $status
fi
for s in $WEB_SYSTEMS; do
    "$s" || status=1
done
rm -f "$csv.tmp"
python3 "$here/bench-web-report.py" "$csv" "$out" "$weblog" || status=1
exit $status
