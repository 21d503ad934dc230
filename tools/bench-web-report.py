#!/usr/bin/env python3
"""make bench-web's numbers (tools/bench-web.sh): ApacheBench's output to a
CSV line, and the CSV to web.md and the Fig. 10 plot.

usage: tools/bench-web-report.py --parse-ab SYSTEM MODE CLIENTS < ab-output
           prints system,mode,clients,requests,failed,mean_ms,p50_ms,p90_ms,rps
       tools/bench-web-report.py WEB.CSV OUTDIR [WEB.LOG]
           writes OUTDIR/web.md and OUTDIR/fig10-web.png (gnuplot); with
           web-time.csv beside WEB.CSV also the per-request breakdown

failed is ab's failed requests plus its non-2xx responses; mean_ms is ab's
"Time per request (mean)", the paper's response time per request. The
report pairs run i of mode new with run i of mode hvs at each client count
(bench-web.sh runs them moments apart, alternating which goes first) and
gives the geometric mean of the per-pair ratios hvs/new with its 95% t
interval (on the logarithms): below 1 means Tender+HVS answers faster. The
Linux runs (another boot) stand beside it as their median.

The breakdown (web-time.csv: mode,round,answered,ab_mean_ms,stat,delta, the
differences of /server-stats counters around an ab -c 1 run, see
bench-web.sh) becomes a table of µs and counts per request for each mode:
each counter's sum over the rounds divided by the worker's counted
requests, cycles converted with the guest's tsc_khz. From it the expected
effect: the cycles HVS saves per CGI (spawn + script - file server +
reap, new minus hvs) over the cycles of a request, at one client (the
guest's time per request) and under load (1/rps at the best throughput),
beside the half-width of the measured interval."""
import math
import os
import re
import subprocess
import sys

HEADER = "system,mode,clients,requests,failed,mean_ms,p50_ms,p90_ms,rps"
PAPER = ("Tender+HVS 2–6% shorter than Tender at 4–20 clients (ratio 0.94–0.98); "
         "Apache 1.3.33 + a Perl counter on a Pentium III 750 MHz, ApacheBench from "
         "another machine over 100 Mbit/s Ethernet. The figure's values are not in the text.")
# two-sided 95% quantiles of Student's t, df 1..30
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def parse_ab(system, mode, clients):
    text = sys.stdin.read()

    def num(pat, default=None):
        m = re.search(pat, text, re.M)
        return float(m.group(1)) if m else default

    done = num(r"^Complete requests:\s+(\d+)", 0)
    failed = num(r"^Failed requests:\s+(\d+)", 0) + num(r"^Non-2xx responses:\s+(\d+)", 0)
    mean = num(r"^Time per request:\s+([\d.]+) \[ms\] \(mean\)$")
    rps = num(r"^Requests per second:\s+([\d.]+)")
    p50 = num(r"^\s+50%\s+(\d+)")
    p90 = num(r"^\s+90%\s+(\d+)")
    if mean is None or p50 is None or p90 is None or rps is None:
        return 1
    print("%s,%s,%s,%d,%d,%.3f,%d,%d,%.2f" % (system, mode, clients, done, failed, mean, p50, p90,
                                              rps))
    return 0


def read_csv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        head = f.readline().strip()
        if head != HEADER:
            raise SystemExit("bench-web-report: %s: header is not %s" % (path, HEADER))
        for line in f:
            p = line.strip().split(",")
            if len(p) != 9:
                continue
            rows.append({"system": p[0], "mode": p[1], "clients": int(p[2]),
                         "requests": int(p[3]), "failed": int(p[4]), "mean": float(p[5]),
                         "p50": float(p[6]), "p90": float(p[7]), "rps": float(p[8])})
    return rows


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    if not n:
        return None
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def geomean_ci(ratios):
    """Geometric mean of ratios and its 95% t interval (None for n < 2)."""
    logs = [math.log(r) for r in ratios if r > 0]
    n = len(logs)
    if n == 0:
        return None, None, None
    m = sum(logs) / n
    if n < 2:
        return math.exp(m), None, None
    sd = math.sqrt(sum((x - m) ** 2 for x in logs) / (n - 1))
    t = T975[n - 2] if n - 1 <= len(T975) else 1.96
    half = t * sd / math.sqrt(n)
    return math.exp(m), math.exp(m - half), math.exp(m + half)


def verdict(lo, hi):
    if lo is None:
        return "cannot tell (one pair)"
    if hi < 1:
        return "HVS faster"
    if lo > 1:
        return "HVS slower"
    return "cannot tell"


def fmt(x, f="%.1f"):
    return "—" if x is None else f % x


def series(rows, system, mode, clients):
    return [r for r in rows if r["system"] == system and r["mode"] == mode and r["clients"] == clients]


# the breakdown's rows: (label, how to compute per request from the sums d)
TIME_ROWS = [
    ("guest time per request (TSC between the stats answers)", "us", lambda d: d["tsc"]),
    ("httpd: accept → request parsed (head)", "us", lambda d: d["head"]),
    ("httpd: pipes + proccreate of the CGI (spawn)", "us", lambda d: d["spawn"]),
    ("httpd: CGI runs until its output ends (script)", "us", lambda d: d["script"]),
    ("httpd: wait for the CGI's exit (reap)", "us", lambda d: d["reap"]),
    ("httpd: response written (respond)", "us", lambda d: d["respond"]),
    ("httpd: close", "us", lambda d: d["close"]),
    ("httpd: worker's sum", "us", lambda d: sum(d[k] for k in STAGES)),
    ("netd: busy (all its work)", "us", lambda d: d["netd_busy"]),
    ("netd: frames in, driver + lwIP input", "us", lambda d: d["netd_rx"]),
    ("netd: socket requests (lwIP output included)", "us", lambda d: d["netd_req"]),
    ("netd: frames out, driver send (inside the two above)", "us", lambda d: d["netd_tx"]),
    ("file server: busy (all its requests)", "us",
     lambda d: d["fs_busy"]),
    ("IPC round trips to netd (socket requests)", "n", lambda d: d["netd_requests"]),
    ("IPC round trips to the file server", "n", lambda d: d["fs_requests"]),
    ("frames received / sent", "n2", lambda d: (d["netd_rx_frames"], d["netd_tx_frames"])),
    ("NIC interrupts", "n", lambda d: d["netd_irqs"]),
    ("process switches (kernel)", "n", lambda d: d["switches"]),
    ("address-space loads (kernel, CR3)", "n", lambda d: d["cr3_loads"]),
]
STAGES = ("head", "spawn", "script", "reap", "respond", "close")


def read_time(path):
    """web-time.csv to {mode: (sums by stat, tsc_khz, {round: sums by stat}, ab means)}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        f.readline()
        for line in f:
            p = line.strip().split(",")
            if len(p) != 6:
                continue
            mode, rnd, _answered, mean, stat, delta = p
            d, khz, rounds, means = out.setdefault(mode, ({}, [0], {}, {}))
            if stat == "tsc_khz":
                khz[0] = int(delta)
            else:
                d[stat] = d.get(stat, 0) + int(delta)
                rd = rounds.setdefault(rnd, {})
                rd[stat] = rd.get(stat, 0) + int(delta)
            means[rnd] = float(mean)
    return out


def affected_us(d, khz):
    """What HVS changes, in µs per request: spawn + script - file server + reap."""
    n = d.get("requests", 0)
    if not n or not khz or any(k not in d for k in ("spawn", "script", "fs_busy", "reap")):
        return None
    return (d["spawn"] + d["script"] - d["fs_busy"] + d["reap"]) * 1000.0 / khz / n


def saved_ci(t):
    """The per-round differences new - hvs of affected_us: mean and 95% t interval."""
    khz = t["new"][1][0]
    xs = []
    for rnd in sorted(set(t["new"][2]) & set(t["hvs"][2])):
        a, b = affected_us(t["new"][2][rnd], khz), affected_us(t["hvs"][2][rnd], khz)
        if a is not None and b is not None:
            xs.append(a - b)
    n = len(xs)
    if n < 2:
        return None
    m = sum(xs) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    half = (T975[n - 2] if n - 1 <= len(T975) else 1.96) * sd / math.sqrt(n)
    return m, m - half, m + half


def per_request(t):
    """Sums to per-request values: cycles → µs, counts / requests."""
    d, khz, rounds, means = t
    n = d.get("requests", 0)
    if not n or not khz[0]:
        return None
    need = ["tsc", "netd_busy", "fs_busy"] + list(STAGES)
    if any(k not in d for k in need):
        return None
    full = {k: d.get(k, 0) for k in set(need) | {
        "netd_rx", "netd_req", "netd_tx", "netd_requests", "fs_requests", "netd_rx_frames",
        "netd_tx_frames", "netd_irqs", "switches", "cr3_loads"}}
    vals = []
    for _label, kind, f in TIME_ROWS:
        v = f(full)
        if kind == "us":
            vals.append(v * 1000.0 / khz[0] / n)
        elif kind == "n2":
            vals.append(tuple(x / n for x in v))
        else:
            vals.append(v / n)
    fsops = {}
    for k in list(d):
        if k.startswith("fs_") and k.endswith("_n") and k[:-2] in d and k != "fs_info_n":
            fsops[k[3:-2]] = (d[k] / n, d[k[:-2]] * 1000.0 / khz[0] / n)
    saved_basis = (full["spawn"] + full["script"] - full["fs_busy"] + full["reap"]) * 1000.0 / khz[0] / n
    return {"vals": vals, "n": n, "rounds": len(rounds), "ab_ms": median(list(means.values())),
            "affected_us": saved_basis, "tsc_us": full["tsc"] * 1000.0 / khz[0] / n,
            "khz": khz[0], "fsops": fsops, "icount": d.get("icount", 0) > 0}


def micro_saving(outdir):
    """make bench's proccreate saved-run at 64 KiB (the counter's 66 KB of text and 4 KB of
    data are nearest it): cycles a CGI-sized program saves in the worker's space, created,
    run and reaped, from hvs.csv beside web.csv, else bench/reference/hvs.csv. Returns
    (cycles, µs, where) or None."""
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.path.join(outdir, "hvs.csv"),
                 os.path.join(here, "..", "bench", "reference", "hvs.csv")):
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.strip().split(",")
                if len(p) >= 6 and p[:4] == ["proccreate", "saved-run", "size", "64"]:
                    return float(p[4]), float(p[5]), os.path.relpath(path)
    return None


def fs_op_rows(a, b):
    """The file server's busy time by request code, largest first."""
    out = []
    for op in sorted(set(a) | set(b), key=lambda o: -a.get(o, (0, 0))[1]):
        (na, ua), (nb, ub) = a.get(op, (0, 0)), b.get(op, (0, 0))
        if na >= 0.005 or nb >= 0.005:
            out.append("| … of it: `%s` | %.2f req., %.0f µs | %.2f req., %.0f µs | %+.0f µs |" % (
                op, na, ua, nb, ub, ub - ua))
    return out


def time_table(path, rows, halfwidths, sds):
    """The breakdown's lines for web.md (empty without web-time.csv)."""
    if not os.path.exists(path):
        return []
    t = read_time(path)
    new, hvs = (per_request(t[m]) if m in t else None for m in ("new", "hvs"))
    if not new or not hvs:
        return ["", "Per-request breakdown: web-time.csv holds no complete measurement."]
    icount = new["icount"] and hvs["icount"]
    clock = ("in a boot of its own under `-icount shift=0`, where the guest's TSC counts its "
             "instructions: 1 µs here is 1,000 guest instructions, the guest's work and not the "
             "host's load (only the network's timing may change the paths taken)" if icount else
             "in the boot of the pairs, in host time: the host's load enters every stage")
    out = ["", "## Where the time goes per request (measured)", "",
           "`httpd -w 1 -s` per mode (one worker, `GET /server-stats`), `ab -c 1 -n N` against "
           "the counter between two stats answers, %d rounds per mode (%d and %d counted "
           "requests), %s. Every figure is a counter's difference over the rounds divided by "
           "the requests: TSC cycles (the guest's calibrated %.0f MHz) as µs, or a count. "
           "netd's and the file server's lines are theirs alone; the worker's stages run one "
           "after another and include the waits for netd, the file server and the CGI process. "
           "ab's mean time per request at one client (host time): new %.2f ms, hvs %.2f ms." % (
               new["rounds"], new["n"], hvs["n"], clock, new["khz"] / 1000.0,
               new["ab_ms"] or 0, hvs["ab_ms"] or 0), "",
           "| per request | Tender (new) | Tender+HVS (hvs) | hvs − new |",
           "|---|---:|---:|---:|"]
    for i, (label, kind, _f) in enumerate(TIME_ROWS):
        a, b = new["vals"][i], hvs["vals"][i]
        if kind == "us":
            out.append("| %s | %.0f µs | %.0f µs | %+.0f µs |" % (label, a, b, b - a))
        elif kind == "n2":
            out.append("| %s | %.1f / %.1f | %.1f / %.1f | %+.1f / %+.1f |" % (
                label, a[0], a[1], b[0], b[1], b[0] - a[0], b[1] - a[1]))
        else:
            out.append("| %s | %.1f | %.1f | %+.1f |" % (label, a, b, b - a))
        if label.startswith("file server: busy"):
            out += fs_op_rows(new["fsops"], hvs["fsops"])
    saved = new["affected_us"] - hvs["affected_us"]
    ci = saved_ci(t)
    out += ["", "**Expected effect.** What HVS changes is the CGI's creation, its run outside "
            "the file server (loading, page faults, exit) and the wait for it: spawn + script − "
            "file server + reap is %.0f µs in mode new and %.0f µs in mode hvs, so HVS saves "
            "**%.1f µs per CGI**%s, %.2f%% of the guest's %.0f µs per request at one client "
            "(expected hvs/new ≈ %.4f)." % (
                new["affected_us"], hvs["affected_us"], saved,
                " (per-round pairs: 95%% interval %.1f to %.1f µs%s)" % (
                    ci[1], ci[2], ", it holds 0: the noise on these stages is larger than the "
                    "saving" if ci[1] < 0 < ci[2] else "") if ci else "",
                100.0 * saved / new["tsc_us"], new["tsc_us"], 1 - saved / new["tsc_us"])]
    best = None  # the client count where mode new's median throughput is highest: the guest's capacity
    for c in sorted({r["clients"] for r in rows if r["system"] == "tender"}):
        rps = median([r["rps"] for r in rows if r["system"] == "tender" and r["mode"] == "new"
                      and r["clients"] == c])
        if rps and (best is None or rps > best[1]):
            best = (c, rps)
    micro = micro_saving(os.path.dirname(os.path.abspath(path)))
    if micro and best:
        cost = 1e6 / best[1]
        eff = micro[1] / cost
        out[-1] += (" Under load, in host time: the guest is the bottleneck and a request "
                    "costs what its best throughput says, %.0f µs (mode new, %.1f requests/s at "
                    "%d clients); make bench measures the saving alone in host time "
                    "(proccreate into the worker's space instead of a new one, run and reap, a "
                    "64 KiB program, %s): %.0f cycles = %.1f µs, i.e. **%.2f%%** of a request "
                    "under load (expected hvs/new ≈ %.4f)." % (
                        cost, best[1], best[0], micro[2], micro[0], micro[1], 100 * eff, 1 - eff))
        if sds:
            need = ", ".join("%d at %d" % (math.ceil((1.96 * sd / math.log(1 / (1 - eff))) ** 2),
                                           c) for c, sd in sds)
            out[-1] += (" To bring the 95%% interval's half-width down to that effect the "
                        "pairs' spread needs about %s pairs (now %d)." % (
                            need, max(len(series(rows, "tender", "new", c)) for c, _ in sds)))
    if halfwidths:
        out[-1] += (" The measured intervals' half-widths are %s (in ratio units): an effect "
                    "smaller than that cannot be told apart from noise with these pairs." %
                    ", ".join("±%.3f at %d" % (h, c) for c, h in halfwidths))
    return out


def report(csv, outdir, log):
    rows = read_csv(csv)
    halfwidths, sds = [], []
    clients = sorted({r["clients"] for r in rows})
    out = ["# Fig. 10: web server response time (make bench-web)", "",
           "ApacheBench (`ab -n N -c CLIENTS`, no keep-alive) on the host against "
           "`/cgi-bin/counter` in the guest, through QEMU's user network and an e1000 "
           "(`-accel tcg -cpu pentium3 -m 64`). Tender: our httpd, prefork workers; "
           "**new**: each CGI process in a new space (the paper's *Tender*), **hvs**: in "
           "the worker's space (*Tender+HVS*). Linux: Debian's linux-image-686 in the same "
           "QEMU with busybox httpd, fork+exec per request, the same counter. Times are "
           "ab's mean time per request in ms (the median over runs); the ratio is the "
           "geometric mean of per-pair hvs/new ratios with its 95% t interval; p50 is the "
           "median over runs of ab's 50th percentile (a few requests that wait for a TCP "
           "retransmission can dominate a mean under QEMU's user network).", "",
           "Paper: " + PAPER, "",
           "| clients | Tender new: ms | Tender+HVS: ms | hvs/new (95% interval) | verdict "
           "| pairs | p50 new / hvs: ms | Linux fork: ms (p50) | Linux/HVS | paper |",
           "|---:|---:|---:|---:|---|---:|---:|---:|---:|---|"]
    plot = []
    for c in clients:
        new = series(rows, "tender", "new", c)
        hvs = series(rows, "tender", "hvs", c)
        lin = series(rows, "linux", "fork", c)
        pairs = list(zip(new, hvs))
        g, lo, hi = geomean_ci([h["mean"] / n["mean"] for n, h in pairs if n["mean"] > 0])
        mn, mh, ml = (median([r["mean"] for r in s]) for s in (new, hvs, lin))
        ci = "%.3f (%.3f–%.3f)" % (g, lo, hi) if lo is not None else fmt(g, "%.3f")
        if lo is not None:
            halfwidths.append((c, (hi - lo) / 2))
            logs = [math.log(h["mean"] / n["mean"]) for n, h in pairs if n["mean"] > 0]
            mu = sum(logs) / len(logs)
            sds.append((c, math.sqrt(sum((x - mu) ** 2 for x in logs) / (len(logs) - 1))))
        pn, ph, pl = (median([r["p50"] for r in s]) for s in (new, hvs, lin))
        out.append("| %d | %s | %s | %s | %s | %d | %s / %s | %s (%s) | %s | 0.94–0.98 |" % (
            c, fmt(mn), fmt(mh), ci if pairs else "—", verdict(lo, hi) if pairs else "—",
            len(pairs), fmt(pn, "%.0f"), fmt(ph, "%.0f"), fmt(ml), fmt(pl, "%.0f"),
            fmt(ml / mh, "%.2f") if ml and mh else "—"))
        plot.append((c, mn, mh, ml))
    failed = sum(r["failed"] for r in rows)
    total = sum(r["requests"] for r in rows)
    out += ["", "Requests: %d, failed (ab's failures and non-2xx): %d." % (total, failed)]
    if log and os.path.exists(log):
        notes = [l.strip() for l in open(log, encoding="utf-8", errors="replace")
                 if l.startswith(("COUNTER", "bench-web:"))]
        out += [""] + ["- " + n for n in notes]
    out += time_table(os.path.join(os.path.dirname(os.path.abspath(csv)), "web-time.csv"), rows,
                      halfwidths, sds)
    out += ["", "![Fig. 10](fig10-web.png)", ""]
    with open(os.path.join(outdir, "web.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    draw(plot, outdir)


def draw(plot, outdir):
    dat = os.path.join(outdir, "fig10-web.dat")
    with open(dat, "w", encoding="utf-8") as f:
        f.write("# clients tender_new_ms tender_hvs_ms linux_fork_ms\n")
        for c, a, b, l in plot:
            f.write("%d %s %s %s\n" % (c, *("NaN" if x is None else "%.3f" % x for x in (a, b, l))))
    script = """set terminal pngcairo size 800,500 noenhanced
set output '%s'
set title 'Fig. 10: web server response time (CGI counter, ApacheBench)'
set xlabel 'concurrent clients'
set ylabel 'mean time per request (ms)'
set key top left
set grid
set yrange [0:*]
set xtics (4, 8, 12, 16, 20)
plot '%s' using 1:2 with linespoints title 'Tender (CGI in a new space)', \\
     '' using 1:3 with linespoints title 'Tender+HVS (CGI in the worker''s space)', \\
     '' using 1:4 with linespoints title 'Linux 6.1 (busybox httpd, fork+exec)'
""" % (os.path.join(outdir, "fig10-web.png"), dat)
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("bench-web-report: no plot (%s)" % e, file=sys.stderr)


def main(argv):
    if len(argv) == 5 and argv[1] == "--parse-ab":
        return parse_ab(argv[2], argv[3], argv[4])
    if len(argv) in (3, 4):
        report(argv[1], argv[2], argv[3] if len(argv) == 4 else None)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
