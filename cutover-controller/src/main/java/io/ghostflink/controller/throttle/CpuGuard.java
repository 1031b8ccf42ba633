package io.ghostflink.controller.throttle;

import io.ghostflink.operators.copy.CpuHold;
import io.ghostflink.operators.copy.MachineCpu;
import io.ghostflink.operators.copy.OtherWriters;
import io.ghostflink.operators.copy.RedoGauge;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.LongToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy's guard for a machine MySQL shares ({@code --max-cpu-ratio}), for the checksum before
 * the swap. The comparison reads both tables range by range as fast as MySQL serves it; on a
 * machine MySQL shares with ghostflink (a loopback address) that took MySQL to 1.3–1.5 cores of 2
 * under 200 writes a second, and the writers waited for a core in a quarter of its seconds
 * (docs/benchmarks.md, session 29). The copy's planner holds new chunks by this rule; the checksum
 * holds its next range by it too: while the machine is busier than the ratio and other sessions
 * change rows ({@link OtherWriters}, read as the planner reads them), at most {@link
 * CpuHold#MAX_HOLD_NANOS} at a time ({@link CpuHold}).
 */
public final class CpuGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CpuGuard.class);

  /** Reads whether sessions other than ghostflink's change rows on the server. */
  @FunctionalInterface
  interface Others extends AutoCloseable {
    /** A reading; empty when this one told nothing (the last answer stands). */
    Optional<Seen> read() throws SQLException;

    @Override
    default void close() {}
  }

  /**
   * What one reading of other sessions saw: the rows they changed in all, and how long ago their
   * newest write in the statement history ended (as {@link RedoGauge.Reading} has them).
   */
  record Seen(long rows, long newestWriteAge) {}

  private final LongToDoubleFunction busy;
  private final Others others;
  private final OtherWriters writers = new OtherWriters();
  private final CpuHold hold = new CpuHold();
  private long othersReadAt;
  private int othersReadings;
  private boolean othersWrite = true; // not known yet: as if they did

  CpuGuard(LongToDoubleFunction busy, Others others) {
    this.busy = busy;
    this.others = others;
  }

  /**
   * A guard for a checksum on {@code servers}, with its first reading taken (the next one tells a
   * rate); empty when none of them is on this machine.
   */
  public static Optional<CpuGuard> of(ServerAddress source, ServerAddress... more) {
    boolean local = MachineCpu.local(source.host());
    for (ServerAddress s : more) {
      local |= MachineCpu.local(s.host());
    }
    if (!local) {
      return Optional.empty();
    }
    MachineCpu cpu = new MachineCpu();
    RedoGauge gauge = new RedoGauge(source);
    CpuGuard guard =
        new CpuGuard(
            cpu::busy,
            new Others() {
              @Override
              public Optional<Seen> read() throws SQLException {
                RedoGauge.Reading r = gauge.read(true);
                return r.othersRead()
                    ? Optional.of(new Seen(r.otherRowsChanged(), r.otherWriteAgeNanos()))
                    : Optional.empty();
              }

              @Override
              public void close() {
                gauge.close();
              }
            });
    guard.check(0);
    return Optional.of(guard);
  }

  /**
   * Why the next range holds back ("" for not), under the ratio in force ({@code limit}; 0: never).
   * Others' writes are read every {@link OtherWriters#READ_EVERY_NANOS} at most, the machine's CPU
   * at every call. A reading of others that fails leaves the last answer (the gauge reconnects at
   * the next one), as the copy's planner does.
   */
  public synchronized String check(double limit) {
    long now = System.nanoTime();
    if (othersReadings < 2 || now - othersReadAt >= OtherWriters.READ_EVERY_NANOS) {
      try {
        Optional<Seen> r = others.read();
        if (r.isPresent()) {
          othersWrite = writers.update(r.get().rows(), r.get().newestWriteAge(), now);
          othersReadAt = now;
          othersReadings++;
        }
      } catch (SQLException e) {
        LOG.warn(
            "Checksum: cannot read what other sessions write ({}); keeping the last",
            e.getMessage());
      }
    }
    hold.update(busy.applyAsDouble(now), othersWrite, limit, now);
    return hold.held() ? hold.reason(limit) : "";
  }

  /** How many holds started. */
  public synchronized long holds() {
    return hold.holds();
  }

  @Override
  public void close() {
    others.close();
  }
}
