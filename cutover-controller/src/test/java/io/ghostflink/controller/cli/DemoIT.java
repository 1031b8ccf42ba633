package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first command, as CI runs it: the full 200,000-row demo. */
class DemoIT {
  @Test
  void demoMigratesABusyTableAndTheResultEqualsMysqlsOwnAlter() {
    Path dir = Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"), "demo");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Ghostflink.run(
            new String[] {"demo", "--work-dir", dir.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("loading 200000 rows")
        .contains("demo.orders equals MySQL's own ALTER of demo._orders_del: ")
        .contains("Summary: rows copied: ")
        .contains("MySQL stopped. Demo done.");
    assertThat(out.toString()).containsPattern("Writers committed [1-9][0-9]* transactions");
  }
}
