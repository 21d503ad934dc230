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
array S[5] = ["omf-read-copy", "omf-read-omf", "omf-read-copy-hvs", "omf-read-omf-hvs", \
              "omf-read-linux"]
array T[5] = ["read (copy)", "readblock (OMF)", "read, client in the server's space", \
              "readblock, client in the server's space", "Linux 6.1 pread"]
eval PLOT

# Fig. 8 as the paper draws it: stacked bars of the read, replace and write
# parts (bench.sh writes omf-replace-stack.dat: label read replace write, µs).
set output out."/omf-fig8-replace.png"
set title "Fig. 8  Replace lowercase by uppercase, in parts (* : client in the server's space)\n".note
stack = dat."/omf-replace-stack.dat"
if (have(stack)) {
    unset logscale x
    set xrange [*:*]
    set xlabel "system and size"
    set ylabel "time (µs)"
    set style data histograms
    set style histogram rowstacked
    set style fill solid 0.8 border -1
    set boxwidth 0.7
    set xtics rotate by 45 right nomirror
    set bmargin 6
    plot stack using 2:xtic(1) title "read", '' using 3 title "replace", '' using 4 title "write"
    set style data linespoints
    set xtics norotate
    unset bmargin
} else {
    set label 1 "no data" at graph 0.5, graph 0.5 center
    unset key
    plot 2 notitle
    unset label 1
    eval KEY
}

set style fill empty
set output out."/omf-fig9-random.png"
set title "Fig. 9  Random one-byte reads of a 64 KiB file\n".note
set xlabel "reads"
unset logscale x
set xtics 1
set xrange [0.5:16.5]
array S[5] = ["omf-rand1-copy", "omf-rand1-omf", "omf-rand1-copy-hvs", "omf-rand1-omf-hvs", \
              "omf-rand1-linux"]
array T[5] = ["pread (copy)", "readblock + readbyte (OMF)", "copy, client in the server's space", \
              "OMF, client in the server's space", "Linux 6.1 pread"]
eval PLOT

set output out."/omf-fig12-update.png"
set title "Fig. 12  Processes updating different bytes of one block (per update)\n".note
set xlabel "processes"
set xrange [0.5:3.5]
array S[5] = ["omf-update-copy", "omf-update-omf", "omf-update-copy-hvs", "omf-update-omf-hvs", \
              "omf-update-linux"]
array T[5] = ["lock + pread + pwrite (copy)", "store into the mapping (OMF)", \
              "copy, processes in the server's space", "OMF, processes in the server's space", \
              "Linux 6.1: pipe lock + pread + pwrite"]
eval PLOT
