package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.MigrationListener;
import io.ghostflink.controller.lifecycle.MigrationPhase;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress line: phase, rows copied of the estimate, rows/s, ETA, the ghost table's lag and the
 * changes applied. Redrawn in place on a terminal; a line every few seconds otherwise.
 */
final class ProgressPrinter implements MigrationListener, AutoCloseable {
  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private MigrationPhase phase = MigrationPhase.PREFLIGHT;

  ProgressPrinter(PrintWriter err) {
    this.err = err;
    this.terminal = System.console() != null;
  }

  @Override
  public synchronized void phase(MigrationPhase phase) {
    this.phase = phase;
    if (bar == null && phase == MigrationPhase.COPY) {
      ProgressBarBuilder b =
          new ProgressBarBuilder()
              .setTaskName("ghostflink")
              .setInitialMax(1)
              .setUnit(" rows", 1)
              .showSpeed()
              .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS);
      if (!terminal) {
        b.setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(3000)
            .setConsumer(new DelegatingProgressBarConsumer(this::line, 100));
      }
      bar = b.build();
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
    if (bar == null) {
      return;
    }
    bar.maxHint(Math.max(1, p.estimatedRows()));
    bar.stepTo(p.copiedRows());
    bar.setExtraMessage(
        " | " + p.phase() + " | lag " + p.lagMillis() + " ms | " + p.changesApplied() + " changes");
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
