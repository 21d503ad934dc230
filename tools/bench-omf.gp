# bench-omf.gp: the OMF paper's figures as PNG, from the series files of
# `tools/bench-report.py dat` (value us us_min us_max cycles), drawn like
# tools/bench-plot.gp (which it loads for the style and the PLOT macro).
# usage: gnuplot -e "dat='DIR'; out='OUTDIR'; note='subtitle'; tools='tools'" tools/bench-omf.gp

load tools."/bench-plot-style.gp"

set output out."/omf-fig6-read.png"
set title "Fig. 6  Read from the cache: read vs readblock\n".note
set xlabel "size (bytes)"
set ylabel "time (µs)"
set logscale x 2
set xtics ("4K" 4096, "8K" 8192, "16K" 16384, "64K" 65536, "1M" 1048576)
set xrange [3000:1500000]
array S[4] = ["omf-read-copy", "omf-read-omf", "omf-read-copy-hvs", "omf-read-omf-hvs"]
array T[4] = ["read (copy)", "readblock (OMF)", "read, client in the server's space", \
              "readblock, client in the server's space"]
eval PLOT

set output out."/omf-fig8-replace.png"
set title "Fig. 8  Replace lowercase by uppercase: total\n".note
set xlabel "size (bytes)"
set xtics ("4K" 4096, "8K" 8192, "16K" 16384)
set xrange [3000:22000]
array S[4] = ["omf-replace-copy-total", "omf-replace-omf-total", "omf-replace-copy-total-hvs", \
              "omf-replace-omf-total-hvs"]
array T[4] = ["read + replace + write (copy)", "readblock + replace (OMF)", \
              "copy, client in the server's space", "OMF, client in the server's space"]
eval PLOT

set output out."/omf-fig9-random.png"
set title "Fig. 9  Random one-byte reads of a 64 KiB file\n".note
set xlabel "reads"
unset logscale x
set xtics 1
set xrange [0.5:16.5]
array S[4] = ["omf-rand1-copy", "omf-rand1-omf", "omf-rand1-copy-hvs", "omf-rand1-omf-hvs"]
array T[4] = ["pread (copy)", "readblock + readbyte (OMF)", "copy, client in the server's space", \
              "OMF, client in the server's space"]
eval PLOT

set output out."/omf-fig12-update.png"
set title "Fig. 12  Processes updating different bytes of one block (per update)\n".note
set xlabel "processes"
set xrange [0.5:3.5]
array S[2] = ["omf-update-copy", "omf-update-omf"]
array T[2] = ["lock + pread + pwrite (copy)", "store into the mapping (OMF)"]
eval PLOT
