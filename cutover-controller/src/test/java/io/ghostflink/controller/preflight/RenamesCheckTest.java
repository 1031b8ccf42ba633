package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.model.Column;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenamesCheckTest {
  private static final Column ID = new Column("id", "bigint", "bigint", false, false);
  private static final Column K = new Column("k", "int", "int", false, false);
  private static final Column C = new Column("c", "varchar", "varchar(120)", true, false);
  private static final Column C2 = new Column("c2", "varchar", "varchar(120)", true, false);

  @Test
  void unparsedAlterThatOnlyAddsIsMappedByName() {
    Facts f = new Facts().ghost(List.of(ID, K, C, C2), Map.of("PRIMARY", List.of("id")));
    f.alter = AlterClause.parse("PARTITION BY HASH(id) PARTITIONS 2");

    assertThat(new RenamesCheck().problem(f.build())).isEmpty();
    assertThat(new RenamesCheck().note(f.build()).orElseThrow()).contains("mapped by name");
  }

  @Test
  void unparsedAlterThatRemovesAndAddsIsRefused() {
    Facts f = new Facts().ghost(List.of(ID, K, C2), Map.of("PRIMARY", List.of("id")));
    f.alter = AlterClause.parse("PARTITION BY HASH(id) PARTITIONS 2");

    assertThat(new RenamesCheck().problem(f.build()).orElseThrow()).contains("renames [c] to [c2]");
  }

  @Test
  void parsedRenameNeedsNoGuess() {
    Facts f = new Facts().ghost(List.of(ID, K, C2), Map.of("PRIMARY", List.of("id")));
    f.alter = AlterClause.parse("CHANGE c c2 VARCHAR(120)");

    assertThat(new RenamesCheck().problem(f.build())).isEmpty();
    assertThat(new RenamesCheck().note(f.build())).isEmpty();
  }
}
