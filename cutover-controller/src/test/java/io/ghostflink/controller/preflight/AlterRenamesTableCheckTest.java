package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.schema.AlterClause;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlterRenamesTableCheckTest {
  @Test
  void renameFoundByTheParserOrByTheTrialIsRefused() {
    Facts f = new Facts();
    assertThat(new AlterRenamesTableCheck().problem(f.build())).isEmpty();

    f.alter = AlterClause.parse("RENAME TO orders2");
    assertThat(new AlterRenamesTableCheck().problem(f.build()).orElseThrow())
        .contains("renames the table");

    f.alter = AlterClause.parse("PARTITION BY HASH(id) PARTITIONS 2");
    f.trial = new TableFacts.AlterTrial(null, false, List.of(), List.of(), null, true);
    assertThat(new AlterRenamesTableCheck().problem(f.build())).isPresent();
  }
}
