# Draws one run's timeline (WritersBench timeline=FILE.csv) as a PNG:
#   gnuplot -e "in='bench/results/x-stream.csv'; out='docs/img/x.png'; title='...'" bench/plot-timeline.gp
# Top: the writers' per-second p95 (log scale). Middle: the copy's rows/s and the ghost lag.
# Bottom (timelines from session 10 on): InnoDB's checkpoint age.
# The phases are the shaded bands' labels: COPY, APPLY, CHECKSUM, CUTOVER.
if (!exists("title")) title = "ghostflink run"
set datafile separator ","
set terminal pngcairo size 1100,900 font ",10"
set output out
set multiplot layout 3,1 title title
set key top left
set grid
set lmargin 10
set ylabel "writers p95 (ms)"
set logscale y
plot in using 1:($2 > 0 ? $2 : NaN) skip 1 with linespoints pt 7 ps 0.4 lw 1 title "writers' p95 per second", \
     in using 1:(stringcolumn(4) eq "CUTOVER" ? 1000 : NaN) skip 1 with impulses lw 3 lc rgb "red" title "cut-over"
unset logscale y
set xlabel "seconds (writers start at 0)"
set ylabel "copy rows/s"
set y2label "ghost lag (s)"
set y2tics
set ytics nomirror
plot in using 1:6 skip 1 with steps lw 2 title "copy rows/s", \
     in using 1:7 skip 1 axes x1y2 with lines lw 1 lc rgb "dark-orange" title "ghost lag (s)"
unset y2label
unset y2tics
set ytics mirror
set ylabel "checkpoint age (MB)"
set yrange [0:*]
# older timelines have no such column: the panel stays empty
plot in using 1:(column(0) >= 0 && valid(11) ? $11 : NaN) skip 1 with lines lw 2 lc rgb "dark-green" \
       title "InnoDB checkpoint age (MB; 100 MiB redo log: hard flushing from 81, every write waits from 87)", \
     87.09 with lines dt 2 lc rgb "red" notitle
unset multiplot
