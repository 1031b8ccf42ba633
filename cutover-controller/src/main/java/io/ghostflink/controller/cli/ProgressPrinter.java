package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.MigrationListener;
import io.ghostflink.controller.lifecycle.MigrationPhase;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress: phase, rows copied of the estimate, rows/s, ETA, the ghost table's lag and the
 * changes applied. On a terminal a bar redrawn in place; otherwise (a log, a pipe) a plain line
 * every few seconds, since a bar drawn for no terminal width is drawn wrong.
 */
final class ProgressPrinter implements MigrationListener, AutoCloseable {
  private static final long LINE_EVERY_NANOS = 3_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private long lastLine = System.nanoTime() - LINE_EVERY_NANOS;

  ProgressPrinter(PrintWriter err) {
    this(err, System.console() != null);
  }

  ProgressPrinter(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void phase(MigrationPhase phase) {
    if (terminal && bar == null && phase == MigrationPhase.COPY) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("ghostflink")
              .setInitialMax(1)
              .setUnit(" rows", 1)
              .showSpeed()
              .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
              .build();
    }
    if (bar != null) {
      bar.setExtraMessage(" | " + phase);
    }
    if (bar == null || phase.isFinal()) {
      line("phase " + phase);
    }
  }

  @Override
  public synchronized void progress(Progress p) {
    if (bar != null) {
      bar.maxHint(Math.max(1, p.estimatedRows()));
      bar.stepTo(p.copiedRows());
      bar.setExtraMessage(
          " | "
              + p.phase()
              + " | lag "
              + p.lagMillis()
              + " ms | "
              + p.changesApplied()
              + " changes"
              + (p.throttled() == null ? "" : " | throttled: " + p.throttled()));
      return;
    }
    long now = System.nanoTime();
    if (!terminal && now - lastLine >= LINE_EVERY_NANOS) {
      lastLine = now;
      line(p.line());
    }
  }

  @Override
  public synchronized void message(String line) {
    line(line);
  }

  private void line(String text) {
    err.println(text);
    err.flush();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
