package io.ghostflink.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One run's course, second by second (timeline=FILE.csv): the controller's figures scraped from its
 * {@code --metrics-port} endpoint (phase, rows copied, ghost lag) beside the writers' p95 of the
 * same scheduled second. bench/plot-timeline.gp draws it.
 */
final class Timeline implements AutoCloseable {
  private record Sample(String phase, double rowsCopied, double lagSeconds) {}

  private final URI metrics;
  private final LongSupplier clock;
  private final Map<Long, Sample> samples = new TreeMap<>();
  private final Thread scraper;
  private volatile boolean stop;

  Timeline(int port, LongSupplier clock) {
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    this.clock = clock;
    this.scraper = new Thread(this::scrape, "timeline");
    scraper.setDaemon(true);
    scraper.start();
  }

  private void scrape() {
    while (!stop) {
      long second = TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong());
      try (InputStream in = metrics.toURL().openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String phase = "";
        double rows = 0;
        double lag = 0;
        for (String line : text.split("\n")) {
          if (line.startsWith("ghostflink_phase{") && line.endsWith(" 1.0")) {
            phase = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
          } else if (line.startsWith("ghostflink_rows_copied ")) {
            rows = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
          } else if (line.startsWith("ghostflink_ghost_lag_seconds ")) {
            lag = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
          }
        }
        synchronized (samples) {
          samples.put(second, new Sample(phase, rows, lag));
        }
      } catch (IOException notServingYet) {
        // before the controller serves, and after it exits
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Writes the CSV: seconds since {@code from}, the writers' p95 ms and commits, the phase, rows
   * copied, the copy's rows/s over that second, and the ghost lag.
   */
  void write(Path csv, Map<Long, FixedRateWriters.Second> writers, long from, long to)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("second,p95_ms,commits,phase,rows_copied,copy_rows_per_s,lag_s");
    double lastRows = 0;
    String lastPhase = "";
    synchronized (samples) {
      long last = samples.isEmpty() ? from : ((TreeMap<Long, Sample>) samples).lastKey();
      for (long s = from; s <= to; s++) {
        FixedRateWriters.Second w = writers.get(s);
        Sample m = samples.get(s);
        double rows = m == null ? lastRows : m.rowsCopied();
        // between two scrapes the phase holds; after the last one the controller has exited
        String phase = m != null ? m.phase() : s < last ? lastPhase : "";
        lines.add(
            String.format(
                java.util.Locale.ROOT,
                "%d,%.2f,%d,%s,%.0f,%.0f,%.3f",
                s - from,
                w == null || w.latencies().getTotalCount() == 0
                    ? 0.0
                    : w.latencies().getValueAtPercentile(95) / 1e6,
                w == null ? 0 : w.committed(),
                phase,
                rows,
                Math.max(0, rows - lastRows),
                m == null ? 0 : m.lagSeconds()));
        lastRows = rows;
        lastPhase = phase;
      }
    }
    Files.write(csv, lines);
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    scraper.interrupt();
    scraper.join();
  }
}
