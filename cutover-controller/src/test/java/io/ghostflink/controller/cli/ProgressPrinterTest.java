package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.lifecycle.MigrationListener;
import io.ghostflink.controller.lifecycle.MigrationPhase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  @Test
  void withoutATerminalProgressIsAPlainLineWithItsPercentage() {
    StringWriter out = new StringWriter();
    try (ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), false)) {
      p.phase(MigrationPhase.COPY);
      p.progress(
          new MigrationListener.Progress(
              MigrationPhase.COPY,
              450_000,
              1_000_000,
              80_000,
              Duration.ofSeconds(7),
              12,
              34,
              null));
    }
    assertThat(out.toString())
        .contains("phase COPY")
        .contains("COPY: 450,000 of ~1,000,000 rows copied (45%), 80,000 rows/s, ETA 7 s")
        .contains("| lag 12 ms | 34 changes applied")
        .doesNotContain("[")
        .doesNotContain("throttled");
  }

  @Test
  void aThrottledCopySaysWhy() {
    StringWriter out = new StringWriter();
    try (ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), false)) {
      p.progress(
          new MigrationListener.Progress(
              MigrationPhase.COPY, 10, 100, 0, null, 12, 0, "max-load Threads_running=30 > 25"));
    }
    assertThat(out.toString()).contains("| throttled: max-load Threads_running=30 > 25");
  }
}
