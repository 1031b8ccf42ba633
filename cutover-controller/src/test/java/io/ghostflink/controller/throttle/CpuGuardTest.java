package io.ghostflink.controller.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.copy.CpuHold;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The checksum's CPU guard decides as the copy's planner does: it holds while the machine is over
 * the ratio and others write, for at most a second at a time; it reads others' writes every quarter
 * second at most, and keeps its last answer when a reading fails.
 */
class CpuGuardTest {
  private final AtomicReference<Double> busy = new AtomicReference<>(0.9);
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private volatile boolean failing;

  private CpuGuard guard() {
    return new CpuGuard(
        now -> busy.get(),
        () -> {
          reads.incrementAndGet();
          if (failing) {
            throw new SQLException("gone");
          }
          return Optional.of(new CpuGuard.Seen(rows.get(), -1));
        });
  }

  // past the others' reading interval, with rows others changed meanwhile
  private void othersChange(long n) throws InterruptedException {
    rows.addAndGet(n);
    Thread.sleep(260);
  }

  @Test
  void holdsWhileOthersWritesAreNotKnownYet() {
    assertThat(guard().check(0.5)).as("one reading tells no rate: as if they wrote").isNotEmpty();
  }

  @Test
  void holdsWhileBusyAndOthersWriteForASecondAtMost() throws Exception {
    CpuGuard g = guard();
    busy.set(0.3);
    assertThat(g.check(0.5)).isEmpty();
    othersChange(100);
    busy.set(0.9);
    long start = System.nanoTime();
    assertThat(g.check(0.5))
        .startsWith("this machine's CPUs 90% busy > max-cpu-ratio 0.5")
        .contains("others write");
    assertThat(g.holds()).isEqualTo(1);
    while (System.nanoTime() - start < CpuHold.MAX_HOLD_NANOS + 500_000_000L) {
      rows.addAndGet(10);
      if (g.check(0.5).isEmpty()) {
        break;
      }
      Thread.sleep(20);
    }
    long held = System.nanoTime() - start;
    assertThat(held)
        .as("one reading passes after a second's hold")
        .isBetween(CpuHold.MAX_HOLD_NANOS, CpuHold.MAX_HOLD_NANOS + 300_000_000L);
    rows.addAndGet(10);
    assertThat(g.check(0.5)).as("then it holds again").isNotEmpty();
    assertThat(g.holds()).isEqualTo(2);
  }

  @Test
  void holdsNothingUnderTheRatioWhenOffOrWhileNobodyElseWrites() throws Exception {
    CpuGuard g = guard();
    busy.set(0.3);
    g.check(0.5);
    othersChange(100);
    busy.set(0.9);
    assertThat(g.check(0)).as("0 turns it off").isEmpty();
    busy.set(0.3);
    assertThat(g.check(0.5)).as("under the ratio").isEmpty();
    busy.set(Double.NaN);
    assertThat(g.check(0.5)).as("the CPU not known (no /proc/stat)").isEmpty();
    // no row changed by others for longer than OtherWriters' window of two seconds
    for (int i = 0; i < 10; i++) {
      othersChange(0);
      g.check(0);
    }
    busy.set(0.9);
    assertThat(g.check(0.5)).as("busy, but no other session changed a row").isEmpty();
    assertThat(g.holds()).isZero();
  }

  @Test
  void readsOthersEveryQuarterSecondAtMostAndKeepsTheLastAnswerOnAFailure() throws Exception {
    CpuGuard g = guard();
    busy.set(0.3);
    g.check(0.5);
    g.check(0.5); // the second reading comes at once: a rate needs two
    long twoReadings = reads.get();
    assertThat(twoReadings).isEqualTo(2);
    for (int i = 0; i < 20; i++) {
      g.check(0.5);
    }
    assertThat(reads.get()).as("within the same quarter second").isEqualTo(twoReadings);
    othersChange(100);
    assertThat(g.check(0.5)).isEmpty();
    assertThat(reads.get()).isEqualTo(twoReadings + 1);
    othersChange(0);
    failing = true;
    busy.set(0.9);
    assertThat(g.check(0.5)).as("a failed reading keeps 'others write'").isNotEmpty();
    assertThat(reads.get()).isEqualTo(twoReadings + 2);
  }

  @Test
  void aServerElsewhereIsNotGuarded() {
    assertThat(CpuGuard.of(new ServerAddress("192.0.2.7", 3306, "u", ""))).isEmpty();
  }
}
