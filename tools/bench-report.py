#!/usr/bin/env python3
"""Turn a benchmark log (DESIGN §6 BENCH lines) into CSV, gnuplot data and the
Markdown report that sets our numbers beside the paper's.

usage: tools/bench-report.py csv LOG            > hvs.csv   (LOG: a path, or paths joined by ",")
       tools/bench-report.py dat LOG DIR        (DIR/<suite>-<name>.dat per series)
       tools/bench-report.py md LOG [KEY=VALUE ...] > hvs.md

The paper's figures, the targets and the report's sections are rows of
bench/paper.tsv (its header says how to read them): a new figure is a row,
not code. Header lines tools/bench.sh writes ("# date: ...", "# boot NAME:
...") win over the KEY=VALUE fallbacks (date, qemu, cpu, icount). Missing data
prints n/a; nothing here fails on a partial log. Python 3, standard library.

A BENCH line may end with samples=v1,v2,...: its batches in the order the
guest measured them. Lines hvsbench measured in the same rounds (a set, or
the alternating runs of the web workload) pair sample i with sample i, and
every target is judged from the per-pair statistic it reads (a ratio A/B,
the largest size over the smallest, a difference against a reference): the
sign test's 95% confidence interval of its median against the target's
limit. A target holds when the whole interval lies on the good side, does
not when it lies wholly on the bad side, and the run cannot tell when it
straddles the limit: a noisy host widens the interval rather than flipping
the verdict. A line without samples (older logs, make bench-linux's) counts
as its median in every pair; when no line of a target has samples the
medians are compared as before, and the verdict says so.
"""
import math
import os
import re
import statistics
import sys

PAPER_MHZ = 750  # Pentium III 750 MHz: cycles = µs × 750
FIELDS = ("cycles", "us", "n", "min", "max")
HERE = os.path.dirname(os.path.abspath(__file__))
PAPER_TSV = os.path.join(HERE, "..", "bench", "paper.tsv")


def number(text):
    """The value of a numeric field, or None."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def value_key(text):
    """Parameter values sort and compare as numbers when they are numbers."""
    return int(text) if re.fullmatch(r"[0-9]+", text) else text


class Log:
    """The BENCH lines of one or more logs (paths joined by commas: ours and
    make bench-linux's): rows[(suite, name, value)] = {field: text}."""

    def __init__(self, paths):
        self.rows, self.order, self.param, self.series = {}, [], {}, {}
        self.header, self.meta, self.boots = {}, [], []
        for path in paths.split(","):
            self.read(path)

    def read(self, path):
        boot = ""
        first = not self.header  # the first log's header lines describe the run
        with open(path, encoding="utf-8", errors="replace") as log:
            for line in log:
                line = line.rstrip("\r\n")
                m = re.match(r"# boot (\S+): (.*)", line)
                if m:
                    boot = m.group(1)
                    self.boots.append(m.group(1) + ": " + m.group(2))
                    continue
                m = re.match(r"# (date|qemu|cpu|icount|qemu_flags): (.*)", line)
                if m:
                    if first:
                        self.header[m.group(1)] = m.group(2)
                    continue
                at = line.find("BENCH ")
                if at >= 0:
                    self.add(line[at:].split(), boot)

    def add(self, words, boot):
        if len(words) < 4:
            return
        if words[1] == "meta":
            self.meta.append((boot or "boot %d" % (len(self.meta) + 1), " ".join(words[3:])))
            return
        suite, name = words[1], words[2]
        if "=" not in words[3][1:]:
            return
        param, value = words[3].split("=", 1)
        value = value_key(value)
        key = (suite, name, value)
        if key not in self.rows:
            self.order.append(key)
            self.series.setdefault((suite, name), []).append(value)
        self.param[key] = param
        self.rows[key] = dict(w.split("=", 1) for w in words[4:] if "=" in w[1:])

    def get(self, suite, name, value, field="cycles"):
        return number(self.rows.get((suite, name, value_key(str(value))), {}).get(field))

    def samples(self, suite, name, value):
        """The samples= field of a line as numbers in the order measured, or None."""
        text = self.rows.get((suite, name, value_key(str(value))), {}).get("samples")
        xs = [number(x) for x in text.split(",")] if text else []
        return None if not xs or None in xs else xs

    def pair_ratios(self, suite, a, b, value):
        """Sample i of a over sample i of b, for every pair with both positive;
        None unless both lines have samples, as many of each."""
        xs, ys = self.samples(suite, a, value), self.samples(suite, b, value)
        if xs is None or ys is None or len(xs) != len(ys):
            return None
        return [x / y for x, y in zip(xs, ys) if x > 0 and y > 0]

    def paired(self, keys, fn):
        """fn applied round by round to the samples of the lines keys
        ((suite, name, value) each), and how: (values, "paired") when every
        line has samples, as many each; a line without samples takes its
        median in every round, (values, "partly") (at least one has samples;
        those that do, as many each); ([fn of the medians], "medians") when
        none has samples (a single sample does not count: a line measured
        once); (None, None) when a line is missing. Rounds where
        fn returns None (a zero divisor) are left out."""
        meds = [self.get(*k) for k in keys]
        if None in meds:
            return None, None
        # one sample is one measurement (a frame count): no pairs to judge by
        cols = [c if c is not None and len(c) > 1 else None for c in (self.samples(*k) for k in keys)]
        counts = {len(c) for c in cols if c is not None}
        if not counts or len(counts) > 1:
            x = fn(*meds)
            return ([] if x is None else [x]), "medians"
        n = counts.pop()
        how = "paired" if None not in cols else "partly"
        cols = [c if c is not None else [m] * n for c, m in zip(cols, meds)]
        xs = [fn(*row) for row in zip(*cols)]
        return [x for x in xs if x is not None], how

    def values(self, suite, names, expect=()):
        """The values a table shows: those expected and any the log has."""
        found = {value_key(str(v)) for v in expect}
        for name in names:
            found.update(self.series.get((suite, name), []))
        return sorted(found, key=lambda v: (isinstance(v, str), v))


def fc(x):
    return "n/a" if x is None else "%.0f" % x


def fu(x):
    return "n/a" if x is None else ("%.3f" if -10 < x < 10 else "%.1f") % x


def fr(x):
    return "n/a" if x is None else "%.2f" % x


def fr3(x):
    """A ratio beside its confidence interval: three places, more where three
    would print a bound just off 1 as 1.000 (the significance hangs on it)."""
    if x is None:
        return "n/a"
    places = 3
    while places < 9 and x != 1 and float("%.*f" % (places, x)) == 1:
        places += 1
    return "%.*f" % (places, x)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def diff(a, b):
    return None if a is None or b is None else a - b


def binomial_cdf(k, n):
    """P(X <= k) for X ~ Binomial(n, 1/2)."""
    return sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n if k >= 0 else 0.0


def median_ci(xs, level=0.95):
    """The median of xs with the sign test's confidence interval for it: the
    order statistics x(k) and x(n+1-k) for the largest k whose coverage
    1 - 2 P(X <= k-1), X ~ Binomial(n, 1/2), is at least level. It assumes
    only independent samples of one continuous distribution, so a few wild
    values (a run the host stalled) cannot move it far. Returns (median, lo,
    hi, coverage), lo = hi = coverage = None when n is too small for level
    (n < 6 at 95%), or None for no samples."""
    xs = sorted(xs)
    n = len(xs)
    if n == 0:
        return None
    k, coverage = 0, None
    while k < n // 2 and 1 - 2 * binomial_cdf(k, n) >= level:
        k += 1
        coverage = 1 - 2 * binomial_cdf(k - 1, n)
    if k == 0:
        return statistics.median(xs), None, None, None
    return statistics.median(xs), xs[k - 1], xs[n - k], coverage


def t_cdf(x, df):
    """P(T <= x) for Student's t with df degrees of freedom (Simpson's rule
    over the density from 0 to x: ample for the quantiles below)."""
    if x < 0:
        return 1 - t_cdf(-x, df)
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    steps = 2000  # even
    h = x / steps
    total = 0.0
    for i in range(steps + 1):
        w = 1 if i in (0, steps) else (4 if i % 2 else 2)
        total += w * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
    return 0.5 + c * total * h / 3


def t_quantile(p, df):
    """The x with P(T <= x) = p (0.5 <= p < 1), by bisection to 1e-9."""
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2
    while hi - lo > 1e-9:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_cdf(mid, df) < p else (lo, mid)
    return (lo + hi) / 2


def geomean_ci(ratios, level=0.95):
    """The geometric mean of positive ratios with the t interval of the mean
    of their logarithms, taken back to ratios: (mean, lo, hi), lo = hi = None
    for fewer than two ratios; None for none. Unlike median_ci, every value
    counts, so one wild pair widens it."""
    if not ratios:
        return None
    logs = [math.log(r) for r in ratios]
    mean = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(mean), None, None
    half = t_quantile(0.5 + level / 2, len(logs) - 1) * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)


def significance(lo, hi, at=1.0):
    """Whether an interval excludes at: "below", "above", "no", or None without one."""
    if lo is None or hi is None:
        return None
    return "below" if hi < at else ("above" if lo > at else "no")


def read_paper():
    """The rows of bench/paper.tsv, as lists of fields ("-" is empty)."""
    rows = []
    with open(PAPER_TSV, encoding="utf-8") as tsv:
        for line in tsv:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                rows.append(["" if f == "-" else f for f in line.split("\t")])
    return rows


def paper_text(statements, key):
    """The paper's statement for a table's rows, µs shown with their cycles."""
    text = statements.get(key)
    if not text:
        return "—"
    return re.sub(r"\{([0-9.]+)\}",
                  lambda m: "%s µs (%d c)" % (m.group(1), float(m.group(1)) * PAPER_MHZ + 0.5), text)


def ref_key(log, spec):
    """The line a reference names: spec is suite/name/value, or several
    such joined by "|" (the first the log has: a figure measured beside the
    target's, then where older logs have it). Returns (suite, name, value)."""
    keys = [tuple(s.split("/")) for s in spec.split("|")]
    return next((k for k in keys if log.get(*k) is not None), keys[0])


def ref_value(log, spec):
    return log.get(*ref_key(log, spec))


HOLDS, NOT, CANNOT, NA = "holds", "does not", "cannot tell", "n/a"
VERDICT_WORD = {HOLDS: "HOLDS", NOT: "DOES NOT HOLD", CANNOT: "CANNOT TELL", NA: "N/A"}


class Region:
    """The values a target accepts: from lo to hi (None: no bound), a bound
    itself accepted when closed."""

    def __init__(self, lo=None, hi=None, closed=True):
        self.lo, self.hi, self.closed = lo, hi, closed

    def below(self, x):
        """x lies under the region."""
        return self.lo is not None and (x < self.lo or (x == self.lo and not self.closed))

    def above(self, x):
        return self.hi is not None and (x > self.hi or (x == self.hi and not self.closed))

    def judge(self, lo, hi):
        """HOLDS when all of [lo, hi] lies in the region, NOT when none of it
        does, CANNOT when it straddles a bound (or there is no interval)."""
        if lo is None or hi is None:
            return CANNOT
        if not (self.below(lo) or self.above(lo) or self.below(hi) or self.above(hi)):
            return HOLDS
        return NOT if self.below(hi) or self.above(lo) else CANNOT

    def text(self, f=lambda x: "%g" % x):
        lt, gt = ("≤", "≥") if self.closed else ("<", ">")
        if self.lo is None:
            return "%s %s" % (lt, f(self.hi))
        if self.hi is None:
            return "%s %s" % (gt, f(self.lo))
        return "%s–%s" % (f(self.lo), f(self.hi))


def combine(verdicts):
    """A target over several values: NOT if any does not hold, HOLDS if all
    hold, CANNOT otherwise; NA without any."""
    if not verdicts:
        return NA
    if NOT in verdicts:
        return NOT
    return HOLDS if all(v == HOLDS for v in verdicts) else CANNOT


class Stat:
    """A per-pair statistic of a target at one value: its median with the
    sign test's 95% interval, how it was paired and its verdict."""

    def __init__(self, xs, how, region):
        self.how, self.n = how, len(xs or [])
        ci = median_ci(xs) if xs else None
        if ci is None:
            self.med = self.lo = self.hi = None
            self.verdict = NA
        elif how == "medians":  # no samples: the point itself, as before
            self.med = self.lo = self.hi = ci[0]
            self.verdict = region.judge(self.med, self.med)
        else:
            self.med, self.lo, self.hi = ci[:3]
            self.verdict = region.judge(self.lo, self.hi)

    def text(self, f, sep="–"):
        """'median (lo–hi)' in f's format; sep between signed bounds: ' to '."""
        if self.med is None:
            return "n/a"
        if self.how == "medians":
            return f(self.med)
        if self.lo is None:
            return "%s (%d pairs: too few for a 95%% interval)" % (f(self.med), self.n)
        return "%s (%s%s%s)" % (f(self.med), f(self.lo), sep, f(self.hi))


def fs(x):
    """Signed cycles."""
    return "n/a" if x is None else "%+.0f" % x


def per(stats):
    """How a target's figures were read: per pair, or from the medians."""
    return "per pair" if any(st.how in ("paired", "partly") for st in stats) else "of the medians"


def ratio_of(a, b):
    """A per-pair ratio; None (the pair left out) for b <= 0."""
    return a / b if b > 0 else None


class Targets:
    """Evaluates the target rows; each verdict is a Markdown list line:
    holds, does not hold or cannot tell, from the per-pair statistic's 95%
    interval (see the module comment), or from the medians without samples."""

    def __init__(self, log):
        self.log, self.lines = log, []
        self.count = {HOLDS: 0, NOT: 0, CANNOT: 0, NA: 0}
        self.from_medians = 0

    def verdict(self, v, text, stats=()):
        """Record verdict v of a target with its text; stats: the Stats it
        was judged from (they say whether samples were paired)."""
        hows = {st.how for st in stats if st.how}
        note = ""
        if v == NA:
            note = " (missing data)"
        elif hows == {"medians"}:
            note = " — no paired samples (an older log, or a count measured once): the medians compared, no interval"
            self.from_medians += 1
        elif "medians" in hows:
            note = " — some values without samples: their medians compared"
        elif "partly" in hows:
            note = " — a line without samples (another boot) counts as its median in every pair"
        self.count[v] += 1
        self.lines.append("- **%s** %s%s" % (VERDICT_WORD[v], text, note))

    def run(self, kind, suite, a, b, value, limit, text):
        getattr(self, kind)(suite, a, b, value, limit, text)

    def stat(self, keys, fn, region):
        xs, how = self.log.paired(keys, fn)
        return Stat(xs, how, region)

    def ratios(self, suite, a, b, values, region):
        """Per value v, the Stat of the per-pair ratio a/b."""
        return [(v, self.stat([(suite, a, v), (suite, b, v)], ratio_of, region)) for v in values]

    def ratio_max(self, suite, a, b, value, limit, text):
        region = Region(hi=float(limit))
        st = self.stat([(suite, a, value), (suite, b, value)], ratio_of, region)
        x, y = self.log.get(suite, a, value), self.log.get(suite, b, value)
        self.verdict(st.verdict, "%s: %s/%s %s %s, limit %s (medians %s vs %s cycles)" % (
            text, a, b, per([st]), st.text(fr3), region.text(), fc(x), fc(y)), [st])

    def gap_grows(self, suite, a, b, value, limit, text):
        vs = [v for v in self.log.values(suite, (a, b))
              if self.log.get(suite, a, v) is not None and self.log.get(suite, b, v) is not None]
        if len(vs) < 2:
            return self.verdict(NA, text)

        def growth(v1, v2, region):
            keys = [(suite, a, v1), (suite, b, v1), (suite, a, v2), (suite, b, v2)]
            return self.stat(keys, lambda a1, b1, a2, b2: (b2 - a2) - (b1 - a1), region)
        steps = [(v1, v2, growth(v1, v2, Region(lo=0))) for v1, v2 in zip(vs, vs[1:])]
        whole = growth(vs[0], vs[-1], Region(lo=0, closed=False))
        gaps = ", ".join("%s: %s" % (v, fc(diff(self.log.get(suite, b, v), self.log.get(suite, a, v))))
                         for v in vs)
        grows = "; ".join("%s→%s %s" % (v1, v2, st.text(fs, " to ")) for v1, v2, st in steps + [(vs[0], vs[-1], whole)])
        self.verdict(combine([st.verdict for _, _, st in steps] + [whole.verdict]),
                     "%s: medians %s; growth %s (each step ≥ 0, the whole > 0) %s" % (
                         text, gaps, per([whole]), grows),
                     [st for _, _, st in steps] + [whole])

    def all_below(self, suite, a, b, value, limit, text):
        region = Region(hi=float(limit), closed=False)
        sts = self.ratios(suite, a, b, self.log.values(suite, (a, b)), region)
        sts = [(v, st) for v, st in sts if st.verdict != NA]
        bad = [str(v) for v, st in sts if st.verdict != HOLDS]
        self.verdict(combine([st.verdict for _, st in sts]), "%s: %s/%s %s %s, limit %s%s" % (
            text, a, b, per([st for _, st in sts]), ", ".join("%s: %s" % (v, st.text(fr3)) for v, st in sts) or "n/a",
            region.text(), "; not shown at " + " ".join(bad) if bad else ""), [st for _, st in sts])

    def at_most(self, suite, a, b, value, limit, text):
        region = Region(hi=float(limit))
        st = self.stat([(suite, a, value)], lambda x: x, region)
        self.verdict(st.verdict, "%s: %s cycles, limit %s" % (text, st.text(fc), region.text()), [st])

    def at_most_us(self, suite, a, b, value, limit, text):
        region = Region(hi=float(limit))
        c, u = self.log.get(suite, a, value), self.log.get(suite, a, value, field="us")
        scale = u / c if c and u is not None else None  # µs per cycle at this run's TSC rate
        st = self.stat([(suite, a, value)], lambda x: None if scale is None else x * scale, region)
        self.verdict(st.verdict, "%s: %s µs, limit %s" % (
            text, st.text(lambda x: "n/a" if x is None else "%.1f" % x), region.text()), [st])

    def below_from(self, suite, a, b, value, limit, text):
        region = Region(hi=float(limit), closed=False)
        sts = [(v, st) for v, st in self.ratios(suite, a, b, self.log.values(suite, (a, b)), region)
               if st.verdict != NA]
        start = value_key(value)
        after = [(v, st) for v, st in sts if not isinstance(v, str) and v >= start]
        bad = [str(v) for v, st in after if st.verdict != HOLDS]
        self.verdict(combine([st.verdict for _, st in after]), "%s: %s/%s %s %s, limit %s from %s on%s" % (
            text, a, b, per([st for _, st in sts]), ", ".join("%s: %s" % (v, st.text(fr3)) for v, st in sts) or "n/a",
            region.text(), value, "; not shown at " + " ".join(bad) if bad else ""),
            [st for _, st in after])

    def flat(self, suite, a, b, value, limit, text):
        xs = [(v, self.log.get(suite, a, v)) for v in self.log.values(suite, (a,))]
        xs = [(v, x) for v, x in xs if x is not None]
        if len(xs) < 2:
            return self.verdict(NA, text)
        lo, hi = min(xs, key=lambda t: t[1]), max(xs, key=lambda t: t[1])
        band = Region(1 / float(limit), float(limit))
        st = self.stat([(suite, a, xs[-1][0]), (suite, a, xs[0][0])], ratio_of, band)
        if st.how == "medians":  # as before: the largest median over the smallest
            r = hi[1] / lo[1] if lo[1] else None
            return self.verdict(NA if r is None else (HOLDS if r <= float(limit) else NOT),
                                "%s: max/min = %s (min %s at %s, max %s at %s; limit %s)" % (
                                    text, fr(r), fc(lo[1]), lo[0], fc(hi[1]), hi[0], limit), [st])
        self.verdict(st.verdict, "%s: %s / %s per pair %s, within %s (medians: min %s at %s, max %s at %s)" % (
            text, xs[-1][0], xs[0][0], st.text(fr3), band.text(fr3), fc(lo[1]), lo[0], fc(hi[1]), hi[0]), [st])

    def flat_ends(self, suite, a, b, value, limit, text):
        xs = [v for v in self.log.values(suite, (a,)) if self.log.get(suite, a, v) is not None]
        if len(xs) < 2:
            return self.verdict(NA, text)
        region = Region(hi=float(limit))
        st = self.stat([(suite, a, xs[-1]), (suite, a, xs[0])], ratio_of, region)
        self.verdict(st.verdict, "%s: %s / %s %s %s, limit %s" % (
            text, xs[-1], xs[0], per([st]), st.text(fr3), region.text()), [st])

    def near_ref(self, suite, a, b, value, limit, text):
        ref = ref_key(self.log, value)
        band = Region(*(float(x) for x in limit.split("-")))
        sts = [(v, self.stat([(suite, a, v), (suite, b, v), ref],
                             lambda x, y, r: (y - x) / r if r > 0 else None, band))
               for v in self.log.values(suite, (a, b))]
        sts = [(v, st) for v, st in sts if st.verdict != NA]
        self.verdict(combine([st.verdict for _, st in sts]),
                     "%s: (%s − %s) / %s %s %s, within %s (%s: %s cycles)" % (
                         text, b, a, " ".join(ref[:2]), per([st for _, st in sts]),
                         ", ".join("%s: %s" % (v, st.text(fr3)) for v, st in sts) or "n/a",
                         band.text(), " ".join(ref[:2]), fc(self.log.get(*ref))),
                     [st for _, st in sts])

    def saves(self, suite, a, b, value, limit, text):
        ref = ref_key(self.log, limit)
        region = Region(lo=0)
        sts = []
        for v in self.log.values(suite, (a, b)):
            if self.log.get(suite, value, v) is not None:  # the guest's paired difference b − a
                st = self.stat([(suite, value, v), ref], lambda d, r: d - r, region)
            else:
                st = self.stat([(suite, a, v), (suite, b, v), ref], lambda x, y, r: y - x - r, region)
            if st.verdict != NA:
                sts.append((v, st))
        self.verdict(combine([st.verdict for _, st in sts]),
                     "%s (%s: %s cycles): (%s − %s) − %s %s, cycles, %s %s" % (
                         text, " ".join(ref[:2]), fc(self.log.get(*ref)), b, a, " ".join(ref[:2]),
                         per([st for _, st in sts]),
                         ", ".join("%s: %s" % (v, st.text(fs, " to ")) for v, st in sts) or "n/a", region.text()),
                     [st for _, st in sts])

    def ratio_to_min(self, suite, a, b, value, limit, text):
        most, spec = limit.split("@")
        ref_suite, names, ref_v = spec.split("/")
        refs = [(n, self.log.get(ref_suite, n, ref_v)) for n in names.split(",")]
        refs = [(n, x) for n, x in refs if x is not None]
        best = min(refs, key=lambda t: t[1]) if refs else (None, None)
        region = Region(hi=float(most))
        st = self.stat([(suite, a, value), (ref_suite, best[0], ref_v)], ratio_of, region) if refs \
            else Stat(None, None, region)
        self.verdict(st.verdict, "%s: %s / %s %s %s×, limit %s (medians %s vs %s cycles)" % (
            text, a, best[0] or "n/a", per([st]), st.text(fr3), region.text(), fc(self.log.get(suite, a, value)),
            fc(best[1])), [st])

    def paired_ci(self, suite, a, b, value, limit, text):
        region = Region(hi=float(limit), closed=False)
        sts = [(v, Stat(self.log.pair_ratios(suite, a, b, v), "paired", region))
               for v in self.log.values(suite, (a, b))]
        sts = [(v, st) for v, st in sts if st.verdict != NA]  # only samples count here, as before
        bad = [str(v) for v, st in sts if st.verdict != HOLDS]
        self.verdict(combine([st.verdict for _, st in sts]), "%s: median %s/%s per pair (95%% CI) %s%s" % (
            text, a, b, ", ".join("%s: %s" % (v, st.text(fr3)) for v, st in sts) or "n/a",
            "; not shown below %s at %s" % (limit, " ".join(bad)) if bad else ""), [st for _, st in sts])


def cell(log, suite, name, value):
    """'median (min–max)' in cycles."""
    c = log.get(suite, name, value)
    if c is None:
        return "n/a"
    lo, hi = log.get(suite, name, value, "min"), log.get(suite, name, value, "max")
    return fc(c) + (" (%s–%s)" % (fc(lo), fc(hi)) if lo is not None and hi is not None else "")


def pair_table(log, statements, suite, a, b, label, expect, key):
    out = ["| %s | %s: cycles (min–max) | %s: µs | %s: cycles (min–max) | %s: µs | %s/%s | "
           "%s − %s: cycles | %s − %s: µs | paper |" % (label, a, a, b, b, a, b, b, a, b, a),
           "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    previous = None
    for v in log.values(suite, (a, b), expect):
        p = paper_text(statements, key) if key and (key != "switch" or v == 0) else "—"
        ca, cb = log.get(suite, a, v), log.get(suite, b, v)
        ua, ub = log.get(suite, a, v, "us"), log.get(suite, b, v, "us")
        shown = "″" if previous is not None and p == previous and p != "—" else p
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            v, cell(log, suite, a, v), fu(ua), cell(log, suite, b, v), fu(ub), fr(ratio(ca, cb)),
            fc(diff(cb, ca)), fu(diff(ub, ua)), shown))
        previous = p
    return out + [""]


def one_table(log, statements, suite, names, label, expect, key):
    out = ["| %s | %s | cycles (min–max) | µs | n | paper |" % (suite, label), "|---|---:|---:|---:|---:|---|"]
    for name in names:
        for v in log.values(suite, (name,), expect):
            n = log.rows.get((suite, name, v), {}).get("n", "n/a")
            size = log.get(suite, name, v, "bytes")  # a program's real file size, if the line says
            out.append("| %s | %s | %s | %s | %s | %s |" % (
                name, v if size is None else "%s (%s bytes)" % (v, fc(size)),
                cell(log, suite, name, v), fu(log.get(suite, name, v, "us")), n,
                paper_text(statements, key) if key else "—"))
    return out + [""]


def ratio_table(log, statements, suite, a, b, label, expect, key):
    """Per value: the per-pair ratios a/b, their median with the sign test's
    95% CI, whether it excludes 1, and their geometric mean with a t interval."""
    out = ["| %s | pairs | %s/%s per pair: median (95%% CI) | significant (CI excludes 1) | "
           "geometric mean (95%% t interval) | %s: median cycles | %s: median cycles | paper |"
           % (label, a, b, a, b), "|---:|---:|---:|---|---:|---:|---:|---|"]
    previous = None
    words = {"below": "yes, below 1", "above": "yes, above 1", "no": "no", None: "n/a"}
    for v in log.values(suite, (a, b), expect):
        rs = log.pair_ratios(suite, a, b, v) or []
        med, lo, hi, _ = median_ci(rs) or (None, None, None, None)
        gm, glo, ghi = geomean_ci(rs) or (None, None, None)
        p = paper_text(statements, key) if key else "—"
        shown = "″" if previous is not None and p == previous and p != "—" else p
        out.append("| %s | %d | %s (%s–%s) | %s | %s (%s–%s) | %s | %s | %s |" % (
            v, len(rs), fr3(med), fr3(lo), fr3(hi), words[significance(lo, hi)], fr3(gm), fr3(glo), fr3(ghi),
            fc(log.get(suite, a, v)), fc(log.get(suite, b, v)), shown))
        previous = p
    return out + [""]


def csv(log):
    print("suite,name,param,value,cycles,us,n,min,max")
    for key in log.order:
        fields = [log.rows[key].get(f) or "n/a" for f in FIELDS]
        print(",".join([key[0], key[1], log.param[key], str(key[2])] + fields))


def dat(log, directory):
    for (suite, name), values in log.series.items():
        lines = []
        for v in sorted(values, key=lambda x: (isinstance(x, str), x)):
            u, c = log.get(suite, name, v, "us"), log.get(suite, name, v)
            if u is None or isinstance(v, str):
                continue
            lo, hi = log.get(suite, name, v, "min"), log.get(suite, name, v, "max")
            # min and max are in cycles: scale them to µs by this row's µs per cycle
            lo = u * lo / c if c and lo is not None else u
            hi = u * hi / c if c and hi is not None else u
            lines.append("%s %s %s %s %s\n" % (v, u, lo, hi, "NaN" if c is None else "%g" % c))
        with open(os.path.join(directory, "%s-%s.dat" % (suite, name)), "w") as out:
            out.writelines(lines)


def md(log, fallback):
    head = dict(fallback, **log.header)
    icount = head.get("icount") == "1"
    rows = read_paper()
    statements = {r[1]: r[2] for r in rows if r[0] == "paper"}
    title = next((r[1] for r in rows if r[0] == "title"), "HVS benchmarks: this kernel beside the paper")
    source = next((r[1] for r in rows if r[0] == "source"),
                  "Paper: *Evaluation of Heterogeneous Virtual Storage (HVS)*, Tender OS, section 5")
    units = next((r[1] for r in rows if r[0] == "units"),
                 "(Pentium III 750 MHz; its µs are converted to cycles × 750).")
    out = ["# " + title + (" (icount)" if icount else ""), "", source,
           units + " Ours: `/bin/hvsbench`,",
           "medians over n samples of per-operation cycles, with the min–max of the samples. A sample is",
           "a round in which `hvsbench` measured the figures a target compares side by side, its value the",
           "median of the round's batches (in logs without `samples=`, one batch).", "",
           "- date: " + head.get("date", "n/a"),
           "- QEMU: " + head.get("qemu", "n/a") + (", flags `%s`" % head["qemu_flags"] if head.get("qemu_flags") else ""),
           "- host CPU: " + head.get("cpu", "n/a")]
    out += ["- guest meta (%s): `%s`" % m for m in log.meta] or ["- guest meta: n/a (no `BENCH meta` line)"]
    out += ["- boot " + b for b in log.boots]
    out += ["- clock: " + ("`-icount shift=0`: time counts guest instructions, so the numbers repeat "
                           "exactly run to run" if icount else "wall-clock TSC under TCG, so numbers vary run to run"),
            "", "All times are under QEMU TCG emulation, not on a real Pentium III: absolute values",
            "are not comparable with the paper's; the ratios and differences are the point.",
            "Cells read `median (min–max)`; n/a marks a line the guest did not print.",
            "¹ The paper's figures are plots; where the text does not state their values we quote",
            "what it says about them instead.", "", "## Targets", "",
            "A target is judged from pairs: batches `hvsbench` measured in the same round (sample i of",
            "each line's `samples=`), a moment apart, so a host that slows down for a while slows both.",
            "The statistic the target reads (a ratio A/B, the largest size over the smallest, a difference",
            "against a reference) is taken per pair; its median with the sign test's 95% confidence",
            "interval is set against the limit: **HOLDS** when the whole interval lies within it,",
            "**DOES NOT HOLD** when the whole interval lies outside, **CANNOT TELL** when it straddles",
            "the limit. An absolute limit (cycles, µs) has nothing to pair with: the interval is the",
            "median's own, and a slower host moves it. Without samples the medians are compared.", ""]
    targets = Targets(log)
    for r in rows:
        if r[0] == "target":
            targets.run(*r[1:8])
    out += targets.lines
    c = targets.count
    out += ["", "Summary: %d hold, %d do not, %d cannot tell, %d n/a%s." % (
        c[HOLDS], c[NOT], c[CANNOT], c[NA],
        " (%d judged from medians: no samples)" % targets.from_medians if targets.from_medians else ""), ""]
    for r in rows:
        if r[0] == "heading":
            out += ["## " + r[1], ""]
        elif r[0] == "text":
            out += [r[1], ""]
        elif r[0] == "image":
            out += ["![%s](%s)" % (r[1], r[2]), ""]
        elif r[0] == "table":
            kind, suite, a, b, label, expect, key = r[1:8]
            if kind == "pair":
                out += pair_table(log, statements, suite, a, b, label, expect.split(), key)
            elif kind == "ratio":
                out += ratio_table(log, statements, suite, a, b, label, expect.split(), key)
            else:
                out += one_table(log, statements, suite, a.split(","), label, expect.split(), key)
    print("\n".join(out))


def main(argv):
    global PAPER_TSV
    if "--paper" in argv:  # another paper's rows (bench/omf-paper.tsv)
        at = argv.index("--paper")
        if at + 1 >= len(argv):
            sys.stderr.write(__doc__)
            return 2
        PAPER_TSV = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    if len(argv) < 3 or argv[1] not in ("csv", "dat", "md") or (argv[1] == "dat" and len(argv) != 4):
        sys.stderr.write(__doc__)
        return 2
    log = Log(argv[2])
    if argv[1] == "csv":
        csv(log)
    elif argv[1] == "dat":
        dat(log, argv[3])
    else:
        md(log, dict(a.split("=", 1) for a in argv[3:] if "=" in a))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
