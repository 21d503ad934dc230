#!/usr/bin/env python3
"""Host tests of tools/bench-report.py's pure parts: the paired statistics
(the sign test's interval for a median, Student's t quantiles, the geometric
mean's interval), the samples= field of a log and the paired_ci target.
TAP on stdout, like the C tests; Python 3, standard library."""
import importlib.util
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "bench_report", os.path.join(HERE, "..", "..", "tools", "bench-report.py"))
br = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(br)

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def near(x, y, eps):
    return x is not None and abs(x - y) <= eps


def log_of(text):
    """A Log read from text written to a temporary file."""
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
        f.write(text)
    try:
        return br.Log(f.name)
    finally:
        os.unlink(f.name)


@case
def binomial_cdf_ends():
    assert br.binomial_cdf(-1, 5) == 0.0
    assert br.binomial_cdf(0, 5) == 1 / 32
    assert br.binomial_cdf(5, 5) == 1.0
    assert near(br.binomial_cdf(9, 30), 0.021387, 1e-6)


@case
def median_ci_order_statistics():
    # n = 30: x(10) and x(21), coverage 1 - 2 P(X <= 9) = 0.957 (k = 11 gives 0.901)
    med, lo, hi, cov = br.median_ci(range(1, 31))
    assert (med, lo, hi) == (15.5, 10, 21)
    assert near(cov, 0.957226, 1e-6)
    # n = 6 is the least with a 95% interval: the extremes, coverage 1 - 2/64
    assert br.median_ci([6, 1, 5, 2, 4, 3]) == (3.5, 1, 6, 1 - 2 / 64)


@case
def median_ci_too_few_or_none():
    assert br.median_ci([3, 1, 2, 5, 4]) == (3, None, None, None)
    assert br.median_ci([]) is None


@case
def median_ci_ignores_wild_values():
    xs = [0.9 + i / 1000 for i in range(30)]
    wild = xs[:-3] + [50.0, 80.0, 1e9]  # three runs the host stalled
    assert br.median_ci(xs)[1:3] == br.median_ci(wild)[1:3]


@case
def t_quantiles_match_the_tables():
    for df, t in ((1, 12.706), (2, 4.303), (9, 2.262), (29, 2.045), (1000, 1.962)):
        assert near(br.t_quantile(0.975, df), t, 1e-3), (df, br.t_quantile(0.975, df))
    assert near(br.t_cdf(0.0, 5), 0.5, 1e-12)
    assert near(br.t_cdf(-2.262157, 9), 0.025, 1e-5)


@case
def geomean_ci_by_hand():
    # logs 0 and ln 4: mean ln 2, sd ln 4 / sqrt 2, half-width t(0.975, 1) sd / sqrt 2
    gm, lo, hi = br.geomean_ci([1.0, 4.0])
    half = 12.706205 * math.log(4) / 2
    assert near(gm, 2.0, 1e-9)
    assert near(math.log(lo), math.log(2) - half, 1e-5) and near(math.log(hi), math.log(2) + half, 1e-5)
    assert all(near(x, 0.9, 1e-12) for x in br.geomean_ci([0.9] * 10))  # no spread, no width
    assert br.geomean_ci([2.0]) == (2.0, None, None)
    assert br.geomean_ci([]) is None


@case
def significance_words():
    assert br.significance(0.9, 0.99) == "below"
    assert br.significance(1.01, 1.2) == "above"
    assert br.significance(0.9, 1.0) == "no"
    assert br.significance(None, None) is None


@case
def ratios_near_1_keep_their_side():
    assert (br.fr3(0.99996), br.fr3(1.0), br.fr3(1.00004), br.fr3(0.9876)) == (
        "0.99996", "1.000", "1.00004", "0.988")
    assert br.fr3(0.99949) == "0.999" and br.fr3(None) == "n/a"


@case
def samples_pair_by_position():
    log = log_of("BENCH web tender clients=4 cycles=100 n=3 samples=100,200,0\n"
                 "BENCH web tender+hvs clients=4 cycles=90 n=3 samples=90,220,80\n"
                 "BENCH web tender clients=8 cycles=100 n=2 samples=1,2\n"
                 "BENCH web tender+hvs clients=8 cycles=100 n=1 samples=1\n"
                 "BENCH web tender clients=12 cycles=100 n=1\n"
                 "BENCH web tender+hvs clients=12 cycles=100 n=1 samples=1,x\n")
    assert log.samples("web", "tender", 4) == [100, 200, 0]
    assert log.pair_ratios("web", "tender+hvs", "tender", 4) == [0.9, 1.1]  # the pair with 0 goes
    assert log.pair_ratios("web", "tender+hvs", "tender", 8) is None  # not as many of each
    assert log.samples("web", "tender", 12) is None  # no field
    assert log.samples("web", "tender+hvs", 12) is None  # not a number
    assert log.get("web", "tender", 4) == 100  # the other fields as before


def web_log(hvs_by_clients):
    """BENCH lines for hvsbench web: tender 1000 in every run, tender+hvs the
    given runs, per client count."""
    lines = []
    for clients, runs in hvs_by_clients.items():
        lines.append("BENCH web tender clients=%d cycles=1000 n=%d samples=%s" % (
            clients, len(runs), ",".join(["1000"] * len(runs))))
        lines.append("BENCH web tender+hvs clients=%d cycles=%d n=%d samples=%s" % (
            clients, sorted(runs)[len(runs) // 2], len(runs), ",".join(str(r) for r in runs)))
    return log_of("\n".join(lines) + "\n")


def verdict(log):
    t = br.Targets(log)
    t.run("paired_ci", "web", "tender+hvs", "tender", "", "1", "faster")
    return t.lines[0]


@case
def paired_ci_pass_fail_na():
    fast = [950 + i for i in range(20)]
    assert verdict(web_log({4: fast, 8: fast})).startswith("- **PASS** faster: median")
    even = [900 + 10 * i for i in range(20)]  # 0.90 .. 1.09: the interval holds 1
    line = verdict(web_log({4: fast, 8: even}))
    assert line.startswith("- **FAIL**") and line.endswith("not below 1 at 8"), line
    assert verdict(web_log({4: fast[:5]})).startswith("- **FAIL**")  # too few pairs for 95%
    assert verdict(log_of("BENCH web tender clients=4 cycles=1 n=1\n")).startswith("- **N/A**")


@case
def ratio_table_rows():
    rows = br.ratio_table(web_log({4: [950 + i for i in range(20)]}), {}, "web", "tender+hvs",
                          "tender", "clients", ["4", "8"], "")
    assert rows[2].startswith("| 4 | 20 | 0.960 (0.955–0.964) | yes, below 1 | 0.959 ("), rows[2]
    assert rows[3].startswith("| 8 | 0 | n/a (n/a–n/a) | n/a | n/a (n/a–n/a) | n/a | n/a |"), rows[3]


def main():
    print("1..%d" % len(CASES))
    failed = 0
    for i, fn in enumerate(CASES, 1):
        try:
            fn()
            print("ok %d - %s" % (i, fn.__name__))
        except Exception as e:  # a failed assert or a crash fails this case only
            failed += 1
            print("not ok %d - %s: %s %s" % (i, fn.__name__, type(e).__name__, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
