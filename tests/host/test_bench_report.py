#!/usr/bin/env python3
"""Host tests of tools/bench-report.py's pure parts: the paired statistics
(the sign test's interval for a median, Student's t quantiles, the geometric
mean's interval), the samples= field of a log, and the targets' three-way
verdicts (holds, does not hold, cannot tell) from paired samples, with the
medians compared when a log has none. TAP on stdout, like the C tests;
Python 3, standard library."""
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
def paired_ci_holds_cannot_tell_na():
    fast = [950 + i for i in range(20)]
    assert verdict(web_log({4: fast, 8: fast})).startswith("- **HOLDS** faster: median")
    even = [900 + 10 * i for i in range(20)]  # 0.90 .. 1.09: the interval holds 1
    line = verdict(web_log({4: fast, 8: even}))
    assert line.startswith("- **CANNOT TELL**") and line.endswith("not shown below 1 at 8"), line
    slow = [1050 + i for i in range(20)]
    assert verdict(web_log({4: fast, 8: slow})).startswith("- **DOES NOT HOLD**")
    assert verdict(web_log({4: fast[:5]})).startswith("- **CANNOT TELL**")  # too few pairs for 95%
    assert verdict(log_of("BENCH web tender clients=4 cycles=1 n=1\n")).startswith("- **N/A**")


@case
def region_judges_an_interval():
    at_most = br.Region(hi=0.8)
    assert at_most.judge(0.2, 0.3) == br.HOLDS
    assert at_most.judge(0.7, 0.8) == br.HOLDS  # a closed limit takes its bound
    assert at_most.judge(0.7, 0.9) == br.CANNOT
    assert at_most.judge(0.81, 0.9) == br.NOT
    below = br.Region(hi=1, closed=False)
    assert below.judge(0.9, 1.0) == br.CANNOT and below.judge(1.0, 1.2) == br.NOT
    band = br.Region(0.5, 1.5)
    assert band.judge(0.9, 1.1) == br.HOLDS
    assert band.judge(0.4, 1.6) == br.CANNOT  # both ends outside, yet it straddles the band
    assert band.judge(0.1, 0.4) == br.NOT and band.judge(1.6, 2) == br.NOT
    assert band.judge(None, None) == br.CANNOT
    assert br.Region(lo=0, closed=False).judge(0, 5) == br.CANNOT
    assert (at_most.text(), below.text(), band.text()) == ("≤ 0.8", "< 1", "0.5–1.5")


@case
def verdicts_combine_over_values():
    assert br.combine([br.HOLDS, br.HOLDS]) == br.HOLDS
    assert br.combine([br.HOLDS, br.CANNOT]) == br.CANNOT
    assert br.combine([br.CANNOT, br.NOT, br.HOLDS]) == br.NOT  # one value fails it
    assert br.combine([]) == br.NA


@case
def paired_samples_by_round():
    log = log_of("BENCH s a v=1 cycles=10 n=3 samples=10,20,30\n"
                 "BENCH s b v=1 cycles=5 n=3 samples=5,0,10\n"
                 "BENCH s c v=1 cycles=2 n=1\n"
                 "BENCH s d v=1 cycles=4 n=2 samples=1,2\n"
                 "BENCH s e v=1 cycles=8 n=1 samples=8\n")
    r = br.ratio_of
    assert log.paired([("s", "a", 1), ("s", "b", 1)], r) == ([2.0, 3.0], "paired")  # the 0 pair goes
    assert log.paired([("s", "a", 1), ("s", "c", 1)], r) == ([5.0, 10.0, 15.0], "partly")  # c's median
    assert log.paired([("s", "a", 1), ("s", "d", 1)], r) == ([2.5], "medians")  # not as many
    assert log.paired([("s", "c", 1), ("s", "e", 1)], r) == ([0.25], "medians")  # one sample: measured once
    assert log.paired([("s", "a", 1), ("s", "x", 1)], r) == (None, None)  # a line missing


def rounds_log(lines):
    """BENCH lines from {(suite, name, value): [samples]}; the median as cycles."""
    text = ""
    for (suite, name, value), xs in lines.items():
        text += "BENCH %s %s v=%s cycles=%d us=%.3f n=%d samples=%s\n" % (
            suite, name, value, sorted(xs)[len(xs) // 2], sorted(xs)[len(xs) // 2] / 1000.0, len(xs),
            ",".join(str(x) for x in xs))
    return log_of(text)


def judge(log, *row):
    t = br.Targets(log)
    t.run(*row)
    return t.lines[0]


def noisy(base, n=21, spread=0.02, seed=1):
    """n samples around base, each scaled by one factor per round (the host's
    speed in that round) and a small noise of its own."""
    import random
    rnd = random.Random(seed)
    return [int(base * (1 + spread * rnd.uniform(-1, 1))) for _ in range(n)]


def host(n=21, seed=7):
    """The host's slowdown per round: 1 to 3 (another QEMU comes and goes)."""
    import random
    rnd = random.Random(seed)
    return [rnd.choice([1.0, 1.0, 1.5, 3.0]) for _ in range(n)]


@case
def ratio_max_three_ways():
    h = host()
    def run(same, cross):
        log = rounds_log({("sw", "same", 0): [int(x * f) for x, f in zip(noisy(same), h)],
                          ("sw", "cross", 0): [int(x * f) for x, f in zip(noisy(cross, seed=2), h)]})
        return judge(log, "ratio_max", "sw", "same", "cross", "0", "0.80", "cheaper")
    assert run(240, 1000).startswith("- **HOLDS** cheaper: same/cross per pair 0.2"), run(240, 1000)
    assert run(900, 1000).startswith("- **DOES NOT HOLD**")
    assert run(800, 1000).startswith("- **CANNOT TELL**")  # the interval holds the limit


@case
def a_slow_host_cannot_flip_a_flat_target():
    # the largest size measured while the host was three times slower for
    # a third of the rounds: the medians differ by far more than 10%, the
    # per-pair ratios do not
    h = host()
    small = [int(x * f) for x, f in zip(noisy(4000), h)]
    large = [int(x * f) for x, f in zip(noisy(4000, seed=3), h)]
    log = rounds_log({("ipc", "same", 0): small, ("ipc", "same", 65536): large})
    line = judge(log, "flat", "ipc", "same", "-", "-", "1.10", "flat")
    assert line.startswith("- **HOLDS** flat: 65536 / 0 per pair 1.0"), line
    # the same medians, apart in time, without samples: compared as before
    unpaired = log_of("BENCH ipc same size=0 cycles=4000 n=21\nBENCH ipc same size=65536 cycles=5600 n=21\n")
    line = judge(unpaired, "flat", "ipc", "same", "-", "-", "1.10", "flat")
    assert line.startswith("- **DOES NOT HOLD** flat: max/min = 1.40") and "no paired samples" in line, line


@case
def flat_reads_the_ends_both_ways():
    log = rounds_log({("p", "m", 16): noisy(2000), ("p", "m", 64): noisy(9000, seed=4),
                      ("p", "m", 4096): noisy(1500, seed=5)})
    assert judge(log, "flat", "p", "m", "-", "-", "1.10", "t").startswith("- **DOES NOT HOLD** t: 4096 / 16")
    assert judge(log, "flat_ends", "p", "m", "-", "-", "1.10", "t").startswith("- **HOLDS** t: 4096 / 16")


@case
def gap_grows_per_pair():
    h = host()
    def log_of_gaps(gaps):
        lines = {}
        for v, g in gaps.items():
            lines[("sw", "same", v)] = [int(x * f) for x, f in zip(noisy(2000, seed=v + 1), h)]
            lines[("sw", "cross", v)] = [int(x * f) for x, f in zip(noisy(2000 + g, seed=v + 2), h)]
        return rounds_log(lines)
    row = ("gap_grows", "sw", "same", "cross", "-", "-", "grows")
    assert judge(log_of_gaps({0: 8000, 16: 10000, 64: 17000}), *row).startswith("- **HOLDS**")
    assert judge(log_of_gaps({0: 8000, 16: 4000, 64: 17000}), *row).startswith("- **DOES NOT HOLD**")
    assert judge(log_of_gaps({0: 8000, 16: 8000, 64: 17000}), *row).startswith("- **CANNOT TELL**")


@case
def differences_against_a_reference():
    h = host()
    vm = [int(x * f) for x, f in zip(noisy(6500), h)]
    def log_of_saving(saved):
        return rounds_log({("vmcreate", "space", 0): vm,
                           ("pc", "existing", 16): [int(x * f) for x, f in zip(noisy(60000, seed=5), h)],
                           ("pc", "new", 16): [int(x * f) for x, f in zip(noisy(60000 + saved, seed=6), h)]})
    row = ("saves", "pc", "existing", "new", "saved", "vmcreate/space/0", "saves")
    assert judge(log_of_saving(30000), *row).startswith("- **HOLDS**")  # no saved line: new − existing
    assert judge(log_of_saving(-5000), *row).startswith("- **DOES NOT HOLD**")
    near = ("near_ref", "pc", "existing", "new", "vmcreate/space/0", "0.5-1.5", "near")
    assert judge(log_of_saving(7000), *near).startswith("- **HOLDS** near: (new − existing) / vmcreate space")
    assert judge(log_of_saving(20000), *near).startswith("- **DOES NOT HOLD**")
    # a reference measured beside the target comes first, the older one after
    alt = ("saves", "pc", "existing", "new", "saved", "pc/vmcreate/0|vmcreate/space/0", "saves")
    line = judge(log_of_saving(30000), *alt)
    assert line.startswith("- **HOLDS** saves (vmcreate space: 6"), line  # no pc vmcreate line
    log = log_of_saving(3000)  # the pc line has no samples: its median in every pair
    log.add("BENCH pc vmcreate v=0 cycles=12000 n=1".split(), "")
    assert judge(log, *alt).startswith("- **DOES NOT HOLD** saves (pc vmcreate: 12000 cycles)")


@case
def a_line_of_another_boot_counts_as_its_median():
    log = rounds_log({("pc", "existing-run", 16): noisy(120000)})
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
        f.write("BENCH pc linux-vfork-exec-wait v=16 cycles=3000000 n=11\n")
    try:
        log.read(f.name)
    finally:
        os.unlink(f.name)
    line = judge(log, "ratio_max", "pc", "existing-run", "linux-vfork-exec-wait", "16", "0.25", "linux")
    assert line.startswith("- **HOLDS** linux: existing-run/linux-vfork-exec-wait per pair 0.04"), line
    assert "counts as its median in every pair" in line


@case
def equal_samples_give_the_medians_verdict():
    # icount: every batch the same; the interval is a point, so the verdict
    # is the comparison of the medians, as before
    log = rounds_log({("ipc", "same", 0): [1144] * 21, ("null", "sysenter", 1): [127] * 21})
    line = judge(log, "ratio_to_min", "ipc", "same", "-", "0", "4@null/int80,sysenter/1", "4x")
    assert line.startswith("- **DOES NOT HOLD** 4x: same / sysenter per pair 9.008 (9.008–9.008)×"), line
    old = log_of("BENCH ipc same size=0 cycles=1144 n=11\nBENCH null sysenter calls=1 cycles=127 n=21\n")
    line = judge(old, "ratio_to_min", "ipc", "same", "-", "0", "4@null/int80,sysenter/1", "4x")
    assert line.startswith("- **DOES NOT HOLD** 4x: same / sysenter of the medians 9.008×"), line


@case
def absolute_limits_take_the_medians_own_interval():
    log = rounds_log({("pc", "existing", 16): [60000 + 100 * i for i in range(21)]})  # µs = cycles/1000
    line = judge(log, "at_most_us", "pc", "existing", "-", "16", "61", "fast")
    assert line.startswith("- **CANNOT TELL** fast: 61.0 (60.5–61.5) µs, limit ≤ 61"), line
    assert judge(log, "at_most_us", "pc", "existing", "-", "16", "70", "fast").startswith("- **HOLDS**")
    assert judge(log, "at_most", "pc", "existing", "-", "16", "50000", "fast").startswith("- **DOES NOT HOLD**")


@case
def summary_counts_the_verdicts():
    t = br.Targets(rounds_log({("s", "a", 0): noisy(100), ("s", "b", 0): noisy(400, seed=2)}))
    t.run("ratio_max", "s", "a", "b", "0", "0.5", "x")
    t.run("ratio_max", "s", "a", "b", "0", "0.1", "y")
    t.run("ratio_max", "s", "a", "c", "0", "0.1", "z")
    assert t.count == {br.HOLDS: 1, br.NOT: 1, br.CANNOT: 0, br.NA: 1}, t.count


@case
def ratio_table_rows():
    rows = br.ratio_table(web_log({4: [950 + i for i in range(20)]}), {}, "web", "tender+hvs",
                          "tender", "clients", ["4", "8"], "")
    assert rows[2].startswith("| 4 | 20 | 0.960 (0.955–0.964) | yes, below 1 | 0.959 ("), rows[2]
    assert rows[3].startswith("| 8 | 0 | n/a (n/a–n/a) | n/a | n/a (n/a–n/a) | n/a | n/a |"), rows[3]


@case
def one_table_shows_a_programs_real_size():
    log = log_of("BENCH pc linux-vfork-exec-wait-libc KiB=16 bytes=743264 cycles=3000000 us=1.5 n=11\n"
                 "BENCH pc existing-run KiB=16 cycles=120000 us=0.1 n=21\n")
    rows = br.one_table(log, {}, "pc", ["existing-run", "linux-vfork-exec-wait-libc"], "KiB", ["16"], "")
    assert rows[2].startswith("| existing-run | 16 | 120000"), rows[2]
    assert rows[3].startswith("| linux-vfork-exec-wait-libc | 16 (743264 bytes) | 3000000"), rows[3]


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
