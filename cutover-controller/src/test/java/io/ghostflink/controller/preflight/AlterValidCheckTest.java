package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlterValidCheckTest {
  @Test
  void mysqlsRefusalIsQuoted() {
    Facts f = new Facts();
    f.trial =
        new TableFacts.AlterTrial(
            "Unknown column 'nope' in 'orders'", false, List.of(), List.of(), null, false);

    assertThat(new AlterValidCheck().problem(f.build()).orElseThrow())
        .contains("Unknown column 'nope'")
        .endsWith("fix --alter");
  }

  @Test
  void instantAltersAreNoted() {
    assertThat(new AlterValidCheck().note(new Facts().build()).orElseThrow())
        .contains("could do this ALTER INSTANT");
    Facts f = new Facts().ghost(Facts.COLUMNS, Facts.KEYS);
    assertThat(new AlterValidCheck().note(f.build()).orElseThrow())
        .isEqualTo("MySQL cannot do this ALTER INSTANT: the rows are copied");
    f.alter = io.ghostflink.controller.schema.AlterClause.parse("DROP INDEX k");
    assertThat(new AlterValidCheck().note(f.build()).orElseThrow())
        .contains("changes only index metadata")
        .contains("--attempt-instant-ddl runs it so");
  }
}
