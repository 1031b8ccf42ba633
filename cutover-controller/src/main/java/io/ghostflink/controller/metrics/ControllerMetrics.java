package io.ghostflink.controller.metrics;

import io.ghostflink.controller.lifecycle.MigrationListener;
import io.ghostflink.controller.lifecycle.MigrationPhase;
import io.ghostflink.controller.lifecycle.MigrationSummary;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The controller's own figures for a platform's Prometheus ({@code --metrics-port}): its phase, the
 * copy, the ghost table's lag, the throttle and the cut-over, served at {@code /metrics} while the
 * migration runs. The job's figures are Flink metrics (JobMetrics), scraped from Flink's reporter.
 * Passes every event on to the listener it wraps (the progress line).
 */
public final class ControllerMetrics implements MigrationListener, AutoCloseable {
  private final MigrationListener delegate;
  private final HTTPServer server;
  private final Gauge phase;
  private final Gauge copied;
  private final Gauge estimated;
  private final Gauge rate;
  private final Gauge lag;
  private final Gauge applied;
  private final Gauge throttled;
  private final Gauge cutOverLock;
  private final Gauge cutOverAttempts;

  private ControllerMetrics(MigrationListener delegate, int port) {
    this.delegate = delegate;
    PrometheusRegistry registry = new PrometheusRegistry();
    phase =
        Gauge.builder()
            .name("ghostflink_phase")
            .help("1 for the migration's current phase")
            .labelNames("phase")
            .register(registry);
    copied = gauge(registry, "ghostflink_rows_copied", "rows the copy has written to the ghost");
    estimated = gauge(registry, "ghostflink_rows_estimated", "rows the original holds, estimated");
    rate = gauge(registry, "ghostflink_copy_rows_per_second", "the copy's rate");
    lag =
        gauge(
            registry,
            "ghostflink_ghost_lag_seconds",
            "how far the ghost table is behind the original (the heartbeat's age)");
    applied = gauge(registry, "ghostflink_changes_applied", "binlog changes applied to the ghost");
    throttled = gauge(registry, "ghostflink_throttled", "1 while the copy is throttled");
    cutOverLock =
        gauge(
            registry,
            "ghostflink_cut_over_lock_seconds",
            "how long the successful cut-over held the writers");
    cutOverAttempts = gauge(registry, "ghostflink_cut_over_attempts", "cut-over attempts made");
    try {
      server = HTTPServer.builder().port(port).registry(registry).buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException(
              "--metrics-port " + port + " cannot be served (" + e.getMessage() + ")", e));
    }
  }

  private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
    return Gauge.builder().name(name).help(help).register(registry);
  }

  /**
   * Serves the figures on {@code port} (0: a free one, see {@link #port()}), passing events on to
   * {@code delegate}.
   *
   * @throws IllegalArgumentException the port cannot be served, in one line
   */
  public static ControllerMetrics serve(int port, MigrationListener delegate) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--metrics-port must be between 0 and 65535");
    }
    try {
      return new ControllerMetrics(delegate, port);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(e.getCause().getMessage() + "; pick another port");
    }
  }

  /** The port served. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void phase(MigrationPhase now) {
    for (MigrationPhase p : MigrationPhase.values()) {
      phase.labelValues(p.name()).set(p == now ? 1 : 0);
    }
    delegate.phase(now);
  }

  @Override
  public void progress(Progress p) {
    copied.set(p.copiedRows());
    estimated.set(p.estimatedRows());
    rate.set(p.rowsPerSecond());
    lag.set(p.lagMillis() / 1000.0);
    applied.set(p.changesApplied());
    throttled.set(p.throttled() == null ? 0 : 1);
    delegate.progress(p);
  }

  @Override
  public void jobStarted(io.ghostflink.controller.flink.JobRunner runner) {
    delegate.jobStarted(runner);
  }

  @Override
  public void message(String line) {
    delegate.message(line);
  }

  /** The cut-over's figures, once the migration has swapped. */
  public void finished(MigrationSummary summary) {
    cutOverLock.set(summary.cutOverLockTime().toMillis() / 1000.0);
    cutOverAttempts.set(summary.cutOverAttempts());
  }

  @Override
  public void close() {
    server.close();
  }
}
