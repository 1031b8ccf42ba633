package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's CPU from /proc/stat, and where it is read. */
class MachineCpuTest {
  private static final long MS = 1_000_000L;

  @Test
  void busyIsTheShareOfAllTicksNotIdleOverAtLeastTheWindow(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    MachineCpu cpu = new MachineCpu(stat);
    // user nice system idle iowait irq softirq steal guest guest_nice
    write(stat, 100, 0, 50, 800, 50, 0, 0, 0, 0, 0);
    assertThat(cpu.busy(0)).as("one reading says nothing yet").isNaN();
    write(stat, 160, 0, 70, 810, 10 + 50, 0, 0, 0, 0, 0); // +80 busy, +20 idle and iowait
    assertThat(cpu.busy(100 * MS)).isCloseTo(0.8, within(1e-9));
    write(stat, 170, 0, 70, 900, 60, 0, 0, 0, 0, 0); // +10 busy, +90 idle
    assertThat(cpu.busy(200 * MS))
        .as("both steps are within the window: from the first reading")
        .isCloseTo(90.0 / 200, within(1e-9));
    write(stat, 270, 0, 70, 900, 60, 0, 0, 0, 0, 0); // +100 busy
    assertThat(cpu.busy(350 * MS))
        .as("once the second reading is a window old, it is the start")
        .isCloseTo(110.0 / 200, within(1e-9));
  }

  @Test
  void aMachineWithoutProcStatIsNeverRead(@TempDir Path dir) {
    MachineCpu cpu = new MachineCpu(dir.resolve("none"));
    assertThat(cpu.busy(0)).isNaN();
    assertThat(cpu.busy(500 * MS)).isNaN();
  }

  @Test
  void onlyALoopbackServerIsOnThisMachine() {
    assertThat(MachineCpu.local("127.0.0.1")).isTrue();
    assertThat(MachineCpu.local("localhost")).isTrue();
    assertThat(MachineCpu.local("::1")).isTrue();
    assertThat(MachineCpu.local("192.0.2.7")).isFalse();
    assertThat(MachineCpu.local("")).isFalse();
  }

  @Test
  void ratiosAreSharesFromZeroToOne() {
    assertThat(CopySpec.cpuRatio("0.75")).hasValue(0.75);
    assertThat(CopySpec.cpuRatio("0")).hasValue(0);
    assertThat(CopySpec.cpuRatio("1.5")).isEmpty();
    assertThat(CopySpec.cpuRatio("busy")).isEmpty();
  }

  @Test
  void theFirstLineOfProcStatParses() {
    assertThat(MachineCpu.parse("cpu  10 1 5 100 4 1 2 0 0 0")).containsExactly(19, 123);
  }

  private static void write(Path stat, long... ticks) throws Exception {
    StringBuilder line = new StringBuilder("cpu ");
    for (long t : ticks) {
      line.append(' ').append(t);
    }
    Files.writeString(stat, line + "\ncpu0 0 0 0 0\n");
  }
}
