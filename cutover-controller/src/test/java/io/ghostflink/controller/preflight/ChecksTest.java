package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The checks run together: a healthy table passes all of them and the first problem wins. */
class ChecksTest {
  @Test
  void healthyTablePassesEveryCheckAndNotesItsFacts() throws Exception {
    assertThat(Preflight.run(new Facts().build(), Preflight.checks(false, false)))
        .anyMatch(n -> n.contains("INSTANT"))
        .anyMatch(n -> n.contains("gtid_mode=ON"));
  }

  @Test
  void firstProblemInCheckOrderIsTheOneReported() {
    Facts f = new Facts();
    f.settings = new TableFacts.ServerSettings(true, "MIXED", "FULL", "ON", "8.0.31");
    f.triggers = java.util.List.of("audit");

    assertThatThrownBy(() -> Preflight.run(f.build(), Preflight.checks(false, false)))
        .isInstanceOf(PreflightException.class)
        .hasMessageStartingWith("binlog_format is MIXED");
  }
}
