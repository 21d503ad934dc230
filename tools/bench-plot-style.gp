# bench-plot-style.gp: the look the benchmark plots share (tools/bench-plot.gp,
# tools/bench-omf.gp load it): terminal, grid, the error-bar line style, and
# PLOT, which draws the series S[i] titled T[i] or says "no data".

if (strstrt(GPVAL_TERMINALS, "pngcairo")) {
    set terminal pngcairo size 800,500 noenhanced font ",11"
} else {
    set terminal png size 800,500 noenhanced
}
set encoding utf8
KEY = "set key top left box opaque"
eval KEY
set grid
set border 3
set tics nomirror
set yrange [0:*]

have(f) = int(system(sprintf("test -s '%s' && echo 1 || echo 0", f)))
xpos(x) = x > 0 ? x : 1                  # a log axis has no 0: plot 0 at 1, labelled "0"

ys = 1                                   # y unit: µs per unit (1000 for ms)
STYLE = "using (xpos($1)):($2/ys):($3/ys):($4/ys) with yerrorlines lw 2 ps 1.3"
# Plot the series named in S (files dat/S[i].dat) titled T[i]; "no data" if none has data.
PLOT = 'cmd = ""; \
    do for [i = 1:|S|] { \
        f = dat."/".S[i].".dat"; \
        if (have(f)) { \
            cmd = cmd.(strlen(cmd) ? ", " : "").sprintf("\"%s\" %s pt %d title \"%s\"", \
                                                        f, STYLE, i + 4, T[i]) \
        } \
    }; \
    if (strlen(cmd)) { eval("plot ".cmd) } else { \
        unset logscale; unset xtics; unset ytics; set xrange [0:1]; set yrange [0:1]; \
        set label 1 "no data" at graph 0.5, graph 0.5 center; unset key; plot 2 notitle; \
        unset label 1; eval KEY; set ytics; set yrange [0:*] \
    }'

