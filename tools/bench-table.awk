# bench-table.awk: turn a benchmark log (DESIGN §6 BENCH lines) into
#   mode=csv  CSV: suite,name,param,value,cycles,us,n,min,max (one row per line, last wins)
#   mode=dat  gnuplot data, one file per series: dir/<suite>-<name>.dat, sorted by value,
#             columns: value us us_min us_max cycles
#   mode=md   the Markdown report: ours beside the paper's numbers, ratios, targets
# usage: awk -v mode=md [-v date=D -v qemu=Q -v cpu=C -v icount=0|1] -f tools/bench-table.awk LOG
# Header lines "# date: ...", "# qemu: ...", "# cpu: ...", "# icount: ...", "# boot ..."
# written by tools/bench.sh win over the -v fallbacks. Missing data prints n/a;
# nothing here fails on a partial log. Plain POSIX awk (runs under mawk).

BEGIN {
    PAPER_MHZ = 750                          # Pentium III 750 MHz: cycles = µs × 750
    FIELDS = "cycles us n min max"
    nfields = split(FIELDS, fieldname, " ")
}

# Lines bench.sh wrote: "# key: value" and "# boot NAME: status, N s, cmdline \"...\"".
/^# boot / { boot[++nboot] = substr($0, 8); bootname = substr($3, 1, length($3) - 1); next }
/^# (date|qemu|cpu|icount|qemu_flags): / {
    k = substr($2, 1, length($2) - 1)
    hdr[k] = substr($0, length($2) + 4)
    next
}

{
    at = index($0, "BENCH ")
    if (!at)
        next
    nt = split(substr($0, at), t, /[ \t\r]+/)
    if (nt < 4)
        next
    if (t[2] == "meta") {                    # BENCH meta cpu key=value ...
        m = ""
        for (j = 4; j <= nt; j++)
            m = m (m == "" ? "" : " ") t[j]
        meta[++nmeta] = m
        metaboot[nmeta] = bootname == "" ? "boot " nmeta : bootname
        next
    }
    s = t[2]; nm = t[3]
    if (index(t[4], "=") < 2)               # no <param>=<value>
        next
    split(t[4], kv, "=")
    v = kv[2]
    if (v ~ /^[0-9]+$/)
        v = v + 0                            # "064" and "64" are one row
    key = s SUBSEP nm SUBSEP v
    if (!(key in seen)) {
        seen[key] = 1
        order[++nkey] = key
        ser = s SUBSEP nm
        if (!(ser in svals)) {
            sorder[++nser] = ser
            svals[ser] = ""
        }
        svals[ser] = svals[ser] " " v
    }
    param[key] = kv[1]
    for (j = 1; j <= nfields; j++)
        delete F[key, fieldname[j]]
    for (j = 5; j <= nt; j++)
        if ((e = index(t[j], "=")) > 1)
            F[key, substr(t[j], 1, e - 1)] = substr(t[j], e + 1)
}

# --- helpers -----------------------------------------------------------------

function isnum(x) { return x ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }

# Field k of suite s, name n, value v; "" when absent or not a number.
function get(s, n, v, k,    x) {
    x = s SUBSEP n SUBSEP v SUBSEP k
    return (x in F) && isnum(F[x]) ? F[x] + 0 : ""
}
function cyc(s, n, v) { return get(s, n, v, "cycles") }
function us(s, n, v) { return get(s, n, v, "us") }

# Numbers in a space-separated list, sorted ascending, as a space-separated list.
function sortnum(list,    a, n, i, j, x, out) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) {
        x = a[i]
        for (j = i - 1; j >= 1 && a[j] + 0 > x + 0; j--)
            a[j + 1] = a[j]
        a[j + 1] = x
    }
    out = ""
    for (i = 1; i <= n; i++)
        if (i == 1 || a[i] != a[i - 1])
            out = out (out == "" ? "" : " ") a[i]
    return out
}

# Row values of a table: the expected ones and whatever the series printed.
function rowvals(s, names, expect,    nn, nl, i, l) {
    l = expect
    nn = split(names, nl, " ")
    for (i = 1; i <= nn; i++)
        if ((s SUBSEP nl[i]) in svals)
            l = l svals[s SUBSEP nl[i]]
    return sortnum(l)
}

function fc(x) { return x == "" ? "n/a" : sprintf("%.0f", x) }
function fu(x) { return x == "" ? "n/a" : sprintf(x < 10 && x > -10 ? "%.3f" : "%.1f", x) }
function fr(x) { return x == "" ? "n/a" : sprintf("%.2f", x) }
function ratio(a, b) { return a == "" || b == "" || b == 0 ? "" : a / b }
function diff(a, b) { return a == "" || b == "" ? "" : a - b }

# "median (min–max)" in cycles.
function ccell(s, n, v,    c, lo, hi) {
    c = cyc(s, n, v)
    if (c == "")
        return "n/a"
    lo = get(s, n, v, "min"); hi = get(s, n, v, "max")
    return fc(c) (lo != "" && hi != "" ? " (" fc(lo) "–" fc(hi) ")" : "")
}

# A table comparing series a (the HVS-favoured one) with b over param values:
# both medians, a/b, and b − a in cycles and µs; the last column is paper(pfig, v),
# a ditto mark when it repeats the row above.
function pairtable(s, a, b, plabel, expect, pfig,    vals, nv, vl, i, v, p, prevp) {
    print "| " plabel " | " a ": cycles (min–max) | " a ": µs | " b ": cycles (min–max) | " \
        b ": µs | " a "/" b " | " b " − " a ": cycles | " b " − " a ": µs | paper |"
    print "|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    vals = rowvals(s, a " " b, expect)
    nv = split(vals, vl, " ")
    for (i = 1; i <= nv; i++) {
        v = vl[i]
        p = paper(pfig, v)
        print "| " v " | " ccell(s, a, v) " | " fu(us(s, a, v)) " | " ccell(s, b, v) " | " \
            fu(us(s, b, v)) " | " fr(ratio(cyc(s, a, v), cyc(s, b, v))) " | " \
            fc(diff(cyc(s, b, v), cyc(s, a, v))) " | " fu(diff(us(s, b, v), us(s, a, v))) " | " \
            (i > 1 && p == prevp && p != "—" ? "″" : p) " |"
        prevp = p
    }
    print ""
}

# A table of single measurements: one row per (name, value).
function onetable(s, names, plabel, expect, pfig,    nn, nl, vals, nv, vl, i, j) {
    print "| " s " | " plabel " | cycles (min–max) | µs | n | paper |"
    print "|---|---:|---:|---:|---:|---|"
    nn = split(names, nl, " ")
    for (i = 1; i <= nn; i++) {
        vals = rowvals(s, nl[i], expect)
        nv = split(vals, vl, " ")
        for (j = 1; j <= nv; j++)
            print "| " nl[i] " | " vl[j] " | " ccell(s, nl[i], vl[j]) " | " \
                fu(us(s, nl[i], vl[j])) " | " (get(s, nl[i], vl[j], "n") == "" ? "n/a" : \
                get(s, nl[i], vl[j], "n")) " | " paper(pfig, nl[i]) " |"
    }
    print ""
}

function pc(micro) { return sprintf("%d", micro * PAPER_MHZ + 0.5) }

# The paper's statement for a table row (section 5; PIII 750 MHz).
function paper(fig, v) {
    if (fig == "switch")
        return v == 0 ? "same 4.885 µs (" pc(4.885) " c), different 6.102 µs (" pc(6.102) \
            " c): same/different 0.80, gap 1.217 µs (" pc(1.217) " c); no pages touched" : "—"
    if (fig == "ipc")
        return "different − same ≈ 4 µs (≈" pc(4) " c) at every size¹"
    if (fig == "procmove")
        return "existing < 100 µs (< " pc(100) " c), ∝ size; " \
            "new − existing ≈ 700 µs (" pc(700) " c)¹"
    if (fig == "proccreate")
        return "new − existing ≈ 700–800 µs (" pc(700) "–" pc(800) " c); ∝ size¹"
    if (fig == "web")
        return "Tender+HVS 2–6% shorter (ratio 0.94–0.98)¹"
    if (fig == "vmcreate")
        return "≈ 700 µs (≈ " pc(700) " c), the space creation in Fig. 6¹"
    return "—"
}

# --- targets -------------------------------------------------------------------

function verdict(ok, text) {
    if (ok == "")
        { nna++; print "- **N/A** " text " (missing data)" }
    else if (ok)
        { npass++; print "- **PASS** " text }
    else
        { nfail++; print "- **FAIL** " text }
}

function targets(    vals, nv, vl, i, v, a, b, r, ok, txt, g, prev, first, cnt, lo, hi, lov, hiv,
                     vm, d, nul, nulname, x) {
    # Switch: same at least 20% cheaper at pages=0; the gap grows with pages touched.
    a = cyc("switch", "same", 0); b = cyc("switch", "cross", 0); r = ratio(a, b)
    verdict(r == "" ? "" : r <= 0.80, "same-space switch at least 20% cheaper than cross-space " \
        "(pages=0): same/cross = " fr(r) " (" fc(a) " vs " fc(b) " cycles; paper 0.80)")
    vals = rowvals("switch", "same cross", ""); nv = split(vals, vl, " ")
    ok = 1; cnt = 0; txt = ""
    for (i = 1; i <= nv; i++) {
        g = diff(cyc("switch", "cross", vl[i]), cyc("switch", "same", vl[i]))
        if (g == "")
            continue
        if (cnt && g < prev)
            ok = 0
        if (!cnt)
            first = g
        prev = g; cnt++
        txt = txt (txt == "" ? "" : ", ") vl[i] ": " fc(g)
    }
    verdict(cnt < 2 ? "" : ok && prev > first, "switch gap (cross − same, cycles) grows with " \
        "pages touched: " (txt == "" ? "n/a" : txt))

    # IPC: cheaper in one space at every size; flat in size in one space.
    vals = rowvals("ipc", "same cross", ""); nv = split(vals, vl, " ")
    ok = 1; cnt = 0; txt = ""; lo = hi = ""
    for (i = 1; i <= nv; i++) {
        r = ratio(cyc("ipc", "same", vl[i]), cyc("ipc", "cross", vl[i]))
        if (r == "")
            continue
        cnt++
        if (r >= 1) { ok = 0; txt = txt " " vl[i] }
        if (lo == "" || r < lo) lo = r
        if (hi == "" || r > hi) hi = r
    }
    verdict(cnt ? ok : "", "IPC round trip cheaper in one space than across at every size: " \
        "same/cross " fr(lo) "–" fr(hi) " over " cnt " sizes" \
        (txt == "" ? "" : "; not at size" txt))
    vals = rowvals("ipc", "same", ""); nv = split(vals, vl, " ")
    lo = hi = ""; cnt = 0
    for (i = 1; i <= nv; i++) {
        if ((x = cyc("ipc", "same", vl[i])) == "")
            continue
        cnt++
        if (lo == "" || x < lo) { lo = x; lov = vl[i] }
        if (hi == "" || x > hi) { hi = x; hiv = vl[i] }
    }
    r = ratio(hi, lo)
    verdict(cnt < 2 ? "" : r <= 1.10, "same-space IPC flat in size: max/min = " fr(r) \
        (cnt < 2 ? "" : " (min " fc(lo) " at " lov " B, max " fc(hi) " at " hiv " B; limit 1.10)"))

    # Procmove: flat into an existing space; new − existing ≈ vmcreate.
    vals = rowvals("procmove", "existing", ""); nv = split(vals, vl, " ")
    lo = hi = lov = hiv = ""                 # the smallest and the largest size measured
    for (i = 1; i <= nv; i++) {
        if ((x = cyc("procmove", "existing", vl[i])) == "")
            continue
        if (lo == "") { lo = x; lov = vl[i] }
        hi = x; hiv = vl[i]
    }
    r = lov == hiv ? "" : ratio(hi, lo)
    verdict(r == "" ? "" : r <= 1.10, "procmove into an existing space flat in process size: " \
        (r == "" ? "n/a" : hiv " KiB / " lov " KiB = " fr(r) \
        " (" fc(hi) " vs " fc(lo) " cycles; limit 1.10)"))
    vm = cyc("vmcreate", "space", 0)
    vals = rowvals("procmove", "existing new", ""); nv = split(vals, vl, " ")
    ok = 1; cnt = 0; txt = ""
    for (i = 1; i <= nv; i++) {
        d = diff(cyc("procmove", "new", vl[i]), cyc("procmove", "existing", vl[i]))
        if (d == "")
            continue
        cnt++
        txt = txt (txt == "" ? "" : ", ") vl[i] " KiB: " fc(d)
        if (vm == "" || d < 0.5 * vm || d > 1.5 * vm)
            ok = 0
    }
    verdict(cnt && vm != "" ? ok : "", "procmove new − existing ≈ vmcreate (within ±50%): " \
        "vmcreate "         fc(vm) " cycles; new − existing " (txt == "" ? "n/a" : txt))

    # Proccreate: new − existing ≥ vmcreate, for the call alone and until exit.
    # The guest's paired per-batch differences ("saved", "saved-run") are used
    # when present: they cancel the host's drift that two medians apart keep.
    for (x = 0; x < 2; x++) {
        a = x ? "existing-run" : "existing"; b = x ? "new-run" : "new"
        sv = x ? "saved-run" : "saved"
        vals = rowvals("proccreate", a " " b, ""); nv = split(vals, vl, " ")
        ok = 1; cnt = 0; txt = ""
        for (i = 1; i <= nv; i++) {
            d = cyc("proccreate", sv, vl[i])
            if (d == "")
                d = diff(cyc("proccreate", b, vl[i]), cyc("proccreate", a, vl[i]))
            if (d == "")
                continue
            cnt++
            txt = txt (txt == "" ? "" : ", ") vl[i] " KiB: " fc(d)
            if (vm == "" || d < vm)
                ok = 0
        }
        verdict(cnt && vm != "" ? ok : "", "proccreate " (x ? "until exit" : "call alone") \
            ": new − existing ≥ vmcreate (" fc(vm) " cycles), median of paired differences: " \
            (txt == "" ? "n/a" : txt))
    }

    # Same-space IPC round trip within 4× the faster null system call.
    a = cyc("null", "int80", 1); b = cyc("null", "sysenter", 1)
    nul = a; nulname = "int80"
    if (b != "" && (a == "" || b < a)) { nul = b; nulname = "sysenter" }
    x = cyc("ipc", "same", 0); r = ratio(x, nul)
    verdict(r == "" ? "" : r <= 4, "same-space IPC round trip (size 0) within 4× the null call: " \
        fc(x) " vs " fc(nul) " cycles (" (nul == "" ? "n/a" : nulname) ") = " fr(r) "×")

    # Web: Tender+HVS faster at every concurrency: the median of the paired
    # per-round differences (tender − tender+hvs, "saved") must be positive.
    vals = rowvals("web", "tender tender+hvs", ""); nv = split(vals, vl, " ")
    ok = 1; cnt = 0; txt = ""; lo = hi = ""; sv = ""
    for (i = 1; i <= nv; i++) {
        r = ratio(cyc("web", "tender+hvs", vl[i]), cyc("web", "tender", vl[i]))
        d = cyc("web", "saved", vl[i])
        if (r == "")
            continue
        cnt++
        if ((d != "" && d <= 0) || (d == "" && r >= 1)) { ok = 0; txt = txt " " vl[i] }
        if (d != "")
            sv = sv (sv == "" ? "" : ", ") vl[i] ": " fc(d)
        if (lo == "" || r < lo) lo = r
        if (hi == "" || r > hi) hi = r
    }
    verdict(cnt ? ok : "", "Tender+HVS faster than Tender at every concurrency: " \
        "tender+hvs/tender " fr(lo) "–" fr(hi) " over " cnt " client counts (paper 0.94–0.98)" \
        (sv == "" ? "" : "; paired saving per request (cycles) " sv) \
        (txt == "" ? "" : "; not at clients" txt))
}

# --- outputs -------------------------------------------------------------------

function csv(    i, k, p, j, row) {
    print "suite,name,param,value,cycles,us,n,min,max"
    for (i = 1; i <= nkey; i++) {
        k = order[i]
        split(k, p, SUBSEP)
        row = p[1] "," p[2] "," param[k] "," p[3]
        for (j = 1; j <= nfields; j++)
            row = row "," ((k SUBSEP fieldname[j]) in F && F[k, fieldname[j]] != "" \
                ? F[k, fieldname[j]] : "n/a")
        print row
    }
}

function dat(    i, p, vals, nv, vl, j, u, c, f, lo, hi) {
    for (i = 1; i <= nser; i++) {
        split(sorder[i], p, SUBSEP)
        f = dir "/" p[1] "-" p[2] ".dat"
        vals = sortnum(svals[sorder[i]]); nv = split(vals, vl, " ")
        for (j = 1; j <= nv; j++) {
            u = us(p[1], p[2], vl[j]); c = cyc(p[1], p[2], vl[j])
            if (u == "" || !isnum(vl[j]))
                continue
            # min/max are in cycles: scale them to µs by this row's µs per cycle.
            lo = get(p[1], p[2], vl[j], "min"); hi = get(p[1], p[2], vl[j], "max")
            lo = c > 0 && lo != "" ? u * lo / c : u
            hi = c > 0 && hi != "" ? u * hi / c : u
            print vl[j], u, lo, hi, (c == "" ? "NaN" : c) > f
        }
        close(f)
    }
}

function md(    i) {
    if ("date" in hdr) date = hdr["date"]
    if ("qemu" in hdr) qemu = hdr["qemu"]
    if ("cpu" in hdr) cpu = hdr["cpu"]
    if ("icount" in hdr) icount = hdr["icount"]
    if ("qemu_flags" in hdr) qflags = hdr["qemu_flags"]
    print "# HVS benchmarks: this kernel beside the paper" (icount == 1 ? " (icount)" : "")
    print ""
    print "Paper: *Evaluation of Heterogeneous Virtual Storage (HVS)*, Tender OS, section 5"
    print "(Pentium III 750 MHz; its µs are converted to cycles × 750). Ours: `/bin/hvsbench`,"
    print "medians over n batches of per-operation means, with the min–max of those batch means."
    print ""
    print "- date: " (date == "" ? "n/a" : date)
    print "- QEMU: " (qemu == "" ? "n/a" : qemu) (qflags == "" ? "" : ", flags `" qflags "`")
    print "- host CPU: " (cpu == "" ? "n/a" : cpu)
    for (i = 1; i <= nmeta; i++)
        print "- guest meta (" metaboot[i] "): `" meta[i] "`"
    if (!nmeta)
        print "- guest meta: n/a (no `BENCH meta` line)"
    for (i = 1; i <= nboot; i++)
        print "- boot " boot[i]
    print "- clock: " (icount == 1 ? "`-icount shift=0`: time counts guest instructions, so " \
        "the numbers repeat exactly run to run" \
        : "wall-clock TSC under TCG, so numbers vary run to run")
    print ""
    print "All times are under QEMU TCG emulation, not on a real Pentium III: absolute values"
    print "are not comparable with the paper's; the ratios and differences are the point."
    print "Cells read `median (min–max)`; n/a marks a line the guest did not print."
    print "¹ The paper's figures are plots; where the text does not state their values we quote"
    print "what it says about them instead."
    print ""
    print "## Targets"
    print ""
    targets()
    print ""
    print "Summary: " npass + 0 " pass, " nfail + 0 " fail, " nna + 0 " n/a."
    print ""
    print "## Null system call and space creation"
    print ""
    onetable("null", "int80 sysenter", "calls", "1", "—")
    onetable("vmcreate", "space", "size", "0", "vmcreate")
    print "## Table 2: process switch (yield ping-pong), N distinct pages touched per switch"
    print ""
    print "![Table 2](table2-switch.png)"
    print ""
    pairtable("switch", "same", "cross", "pages", "0 16 64 256", "switch")
    print "Global pages off (`nopge` boot):"
    print ""
    pairtable("switch-nopge", "same", "cross", "pages", "0 16 64 256", "—")
    print "## Fig. 5: IPC round trip vs container size (bytes)"
    print ""
    print "![Fig. 5](fig5-ipc.png)"
    print ""
    pairtable("ipc", "same", "cross", "size", "0 64 1024 4096 16384 65536", "ipc")
    print "Booted with `ipc_copy=65536` (containers copied instead of re-mapped):"
    print ""
    pairtable("ipc", "same-copy", "cross-copy", "size", "0 64 1024 4096 16384 65536", "—")
    print "## Fig. 6: procmove vs process size (KiB)"
    print ""
    print "![Fig. 6](fig6-procmove.png)"
    print ""
    pairtable("procmove", "existing", "new", "KiB", "16 64 256 1024 4096", "procmove")
    print "## Fig. 7: proccreate vs program size (KiB)"
    print ""
    print "![Fig. 7](fig7-proccreate.png)"
    print ""
    print "The call alone:"
    print ""
    pairtable("proccreate", "existing", "new", "KiB", "16 64 256 1024", "proccreate")
    print "Until the child ran, exited and was reaped:"
    print ""
    pairtable("proccreate", "existing-run", "new-run", "KiB", "16 64 256 1024", "—")
    print "## Fig. 10: web server, mean response time per request vs concurrent clients"
    print ""
    print "Ours is an in-guest analogue of the paper's Apache 1.3.33 + perl CGI access counter"
    print "under ApacheBench: a server receives requests as containers and creates an"
    print "access-counter worker per request, in its own space (Tender+HVS) or a new one (Tender)."
    print ""
    print "![Fig. 10](fig10-web.png)"
    print ""
    pairtable("web", "tender+hvs", "tender", "clients", "4 8 12 16 20", "web")
}

END {
    if (mode == "csv") csv()
    else if (mode == "dat") dat()
    else if (mode == "md") md()
    else { print "bench-table.awk: mode must be csv, dat or md" > "/dev/stderr"; exit 2 }
}
