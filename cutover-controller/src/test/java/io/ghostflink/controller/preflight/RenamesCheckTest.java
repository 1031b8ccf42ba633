package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenamesCheckTest {
  private static final Column ID = Column.of("id", "bigint", "bigint", false);
  private static final Column K = Column.of("k", "int", "int", false);
  private static final Column C = Column.of("c", "varchar", "varchar(120)", true);
  private static final Column C2 = Column.of("c2", "varchar", "varchar(120)", true);
  private static final List<UniqueKey> PK = List.of(UniqueKey.of("PRIMARY", List.of("id")));

  @Test
  void unparsedAlterThatOnlyAddsIsMappedByName() {
    Facts f = new Facts().ghost(List.of(ID, K, C, C2), PK);
    f.alter = AlterClause.parse("CHANGE c c VARCHAR(120) INVISIBLE, ADD COLUMN c2 VARCHAR(120)");

    assertThat(new RenamesCheck().problem(f.build())).isEmpty();
    assertThat(new RenamesCheck().note(f.build()).orElseThrow()).contains("mapped by name");
  }

  @Test
  void unparsedAlterThatRemovesAndAddsIsRefused() {
    Facts f = new Facts().ghost(List.of(ID, K, C2), PK);
    f.alter = AlterClause.parse("CHANGE c c2 VARCHAR(120) INVISIBLE");

    assertThat(new RenamesCheck().problem(f.build()).orElseThrow()).contains("renames [c] to [c2]");
  }

  @Test
  void parsedRenameNeedsNoGuess() {
    Facts f = new Facts().ghost(List.of(ID, K, C2), PK);
    f.alter = AlterClause.parse("CHANGE c c2 VARCHAR(120)");

    assertThat(new RenamesCheck().problem(f.build())).isEmpty();
    assertThat(new RenamesCheck().note(f.build())).isEmpty();
  }
}
