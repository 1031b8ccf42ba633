package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.model.Column;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedKeyCheckTest {
  private static final Column ID = new Column("id", "bigint", "bigint", false, false);
  private static final Column K = new Column("k", "int", "int", false, false);
  private static final Column C = new Column("c", "varchar", "varchar(120)", true, false);

  @Test
  void keptPrimaryKeyPasses() {
    assertThat(new SharedKeyCheck().problem(new Facts().build())).isEmpty();
  }

  @Test
  void renamedKeyColumnStillCounts() {
    Column ident = new Column("ident", "bigint", "bigint", false, false);
    Facts f = new Facts().ghost(List.of(ident, K, C), Map.of("PRIMARY", List.of("ident")));
    f.alter = AlterClause.parse("CHANGE id ident BIGINT NOT NULL");

    assertThat(new SharedKeyCheck().problem(f.build())).isEmpty();
  }

  @Test
  void droppedKeyColumnIsRefused() {
    Facts f = new Facts().ghost(List.of(K, C), Map.of("uk", List.of("k")));
    assertThat(new SharedKeyCheck().problem(f.build()).orElseThrow()).contains("drops column id");
  }

  @Test
  void primaryKeyWidenedToMoreColumnsIsRefused() {
    Facts f = new Facts().ghost(List.of(ID, K, C), Map.of("PRIMARY", List.of("id", "k")));
    assertThat(new SharedKeyCheck().problem(f.build()).orElseThrow())
        .contains("no unique key on [id]");
  }

  @Test
  void otherNotNullUniqueKeyOnTheSameColumnsPasses() {
    Facts f =
        new Facts()
            .ghost(List.of(ID, K, C), Map.of("PRIMARY", List.of("k", "id"), "uid", List.of("id")));
    assertThat(new SharedKeyCheck().problem(f.build())).isEmpty();
  }
}
