# bench-plot.gp: draw the benchmark figures as PNG, in the paper's style (lines
# with points; the bars are the min–max of the batch means), from the per-series
# files `tools/bench-report.py dat` writes (value us us_min us_max cycles).
# usage: gnuplot -e "dat='DIR'; out='OUTDIR'; note='subtitle'; tools='tools'" tools/bench-plot.gp
# A series without data is left out; a figure without any says "no data".

load tools."/bench-plot-style.gp"

# Fig. 5: IPC round trip vs container size.
set output out."/fig5-ipc.png"
set title "Fig. 5  IPC round trip (container send + reply)\n".note
set xlabel "container size (bytes)"
set ylabel "round trip (µs)"
set logscale x 2
set xtics ("0" 1, "64" 64, "1K" 1024, "4K" 4096, "16K" 16384, "64K" 65536)
set xrange [0.7:100000]
array S[4] = ["ipc-same", "ipc-cross", "ipc-same-copy", "ipc-cross-copy"]
array T[4] = ["same space", "different spaces", "same space, copied (ipc_copy=65536)", \
              "different spaces, copied (ipc_copy=65536)"]
eval PLOT

# Fig. 6: procmove vs process size.
set output out."/fig6-procmove.png"
set title "Fig. 6  Process move (procmove)\n".note
set xlabel "process size (KiB)"
set ylabel "time (µs)"
set logscale x 2
set xtics ("16" 16, "64" 64, "256" 256, "1024" 1024, "4096" 4096)
set xrange [11:6000]
array S[2] = ["procmove-existing", "procmove-new"]
array T[2] = ["into an existing space", "into a new space (vmcreate + procmove)"]
eval PLOT

# Fig. 7: proccreate vs program size, the call alone and until the child exited.
set output out."/fig7-proccreate.png"
set title "Fig. 7  Process creation (proccreate)\n".note
set xlabel "program size (KiB)"
set logscale x 2
set xtics ("16" 16, "64" 64, "256" 256, "1024" 1024)
set xrange [11:1500]
array S[4] = ["proccreate-existing", "proccreate-new", \
              "proccreate-existing-run", "proccreate-new-run"]
array T[4] = ["existing space, call", "new space, call", "existing space, until exit", \
              "new space, until exit"]
eval PLOT

# Table 2: one process switch vs pages touched, with and without global pages.
set output out."/table2-switch.png"
set title "Table 2  Process switch (yield ping-pong)\n".note
set xlabel "distinct pages touched between switches"
set ylabel "time per switch (µs)"
set logscale x 2
set xtics ("0" 1, "16" 16, "64" 64, "256" 256)
set xrange [0.7:400]
array S[4] = ["switch-same", "switch-cross", "switch-nopge-same", "switch-nopge-cross"]
array T[4] = ["same space", "different spaces", "same space, no global pages", \
              "different spaces, no global pages"]
eval PLOT

# Fig. 10: web server response time vs concurrent clients.
set output out."/fig10-web-guest.png"
set title "Fig. 10  Web server (in-guest analogue): mean response time\n".note
set xlabel "concurrent clients"
set ylabel "mean response time per request (ms)"
ys = 1000
unset logscale x
set xtics 4
set xrange [0:24]
array S[2] = ["web-tender", "web-tender+hvs"]
array T[2] = ["Tender (worker in a new space)", "Tender+HVS (worker in the server's space)"]
eval PLOT
