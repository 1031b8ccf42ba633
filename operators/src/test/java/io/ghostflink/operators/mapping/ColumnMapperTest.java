package io.ghostflink.operators.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMapperTest {
  private static final TableSchema ORIGINAL =
      new TableSchema(
          List.of(col("id"), col("k"), col("c"), col("pad"), generated("g")),
          "PRIMARY",
          new int[] {0});

  @Test
  void sharedColumnsMapByNameIgnoringCase() {
    ColumnMapping m = ColumnMapper.map(ORIGINAL, List.of(col("ID"), col("k"), col("c")), Map.of());

    assertThat(m.ghostColumns()).containsExactly("ID", "k", "c");
    assertThat(m.sourceColumns()).containsExactly(0, 1, 2);
    assertThat(ColumnMapper.unmapped(ORIGINAL, m)).containsExactly("pad");
  }

  @Test
  void renamedColumnTakesItsOldColumnsValues() {
    ColumnMapping m =
        ColumnMapper.map(ORIGINAL, List.of(col("id"), col("kk"), col("c")), Map.of("k", "kk"));

    assertThat(m.ghostColumns()).containsExactly("id", "kk", "c");
    assertThat(m.sourceColumns()).containsExactly(0, 1, 2);
  }

  @Test
  void newColumnNamedLikeARenamedOneStartsFromItsDefault() {
    // ALTER ... CHANGE c c_old ..., ADD COLUMN c ...
    ColumnMapping m =
        ColumnMapper.map(
            ORIGINAL, List.of(col("id"), col("c_old"), col("c")), Map.of("c", "c_old"));

    assertThat(m.ghostColumns()).containsExactly("id", "c_old");
    assertThat(m.sourceColumns()).containsExactly(0, 2);
  }

  @Test
  void swappedNamesFollowTheRenames() {
    ColumnMapping m =
        ColumnMapper.map(
            ORIGINAL, List.of(col("id"), col("c"), col("k")), Map.of("k", "c", "c", "k"));

    assertThat(m.ghostColumns()).containsExactly("id", "c", "k");
    assertThat(m.sourceColumns()).containsExactly(0, 1, 2);
  }

  @Test
  void generatedColumnsAreNeverWritten() {
    ColumnMapping m =
        ColumnMapper.map(ORIGINAL, List.of(col("id"), col("g"), generated("pad")), Map.of());

    assertThat(m.ghostColumns()).containsExactly("id");
  }

  private static Column col(String name) {
    return new Column(name, "int", "int", false, false);
  }

  private static Column generated(String name) {
    return new Column(name, "int", "int", true, true);
  }
}
