#!/usr/bin/env python3
"""make bench-web's numbers (tools/bench-web.sh): ApacheBench's output to a
CSV line, and the CSV to web.md and the Fig. 10 plot.

usage: tools/bench-web-report.py --parse-ab SYSTEM MODE CLIENTS < ab-output
           prints system,mode,clients,requests,failed,mean_ms,p50_ms,p90_ms,rps
       tools/bench-web-report.py WEB.CSV OUTDIR [WEB.LOG]
           writes OUTDIR/web.md and OUTDIR/fig10-web.png (gnuplot)

failed is ab's failed requests plus its non-2xx responses; mean_ms is ab's
"Time per request (mean)", the paper's response time per request. The
report pairs run i of mode new with run i of mode hvs at each client count
(bench-web.sh runs them moments apart, alternating which goes first) and
gives the geometric mean of the per-pair ratios hvs/new with its 95% t
interval (on the logarithms): below 1 means Tender+HVS answers faster. The
Linux runs (another boot) stand beside it as their median."""
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


def report(csv, outdir, log):
    rows = read_csv(csv)
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
