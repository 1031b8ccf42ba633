package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.Chunk;
import io.ghostflink.operators.copy.ChunkCopy;
import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.copy.CopySpec;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.mapping.GhostKeys;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sink.GhostSinkSpec;
import io.ghostflink.operators.sink.GhostTableWriter;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.RecheckSql;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sink and the copy against a ghost table whose unique key the original does not guarantee
 * (here: a case-insensitive collation over values unique only case-sensitively): every row a write
 * displaces or a copy keeps out is listed in the recheck table, and a row written again clears its
 * entry. A value the new column cannot hold stops the copy, naming the row. A chunk copied again
 * counts the rows it finds in the ghost table already.
 */
@ExtendWith(MysqlExtension.class)
class UniqueKeyRechecksIT {
  private static final String ALTER =
      "MODIFY name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL";

  @Test
  void anUpsertThatDisplacesARowListsItAndWritingThatRowClearsIt(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    Setup s = setup(db, mysql, ALTER, CopyMode.SERVER);
    db.execute("INSERT INTO _t_gho VALUES (1, 'a'), (2, 'b')");

    try (GhostTableWriter writer = new GhostTableWriter(s.sink(), 0, 0)) {
      writer.open();
      writer.apply(List.of(upsert(2, "A")), 10);
      assertThat(ids(db, "_t_gho")).containsExactly(2);
      assertThat(ids(db, "_t_ghr")).as("row 1 displaced, listed").containsExactly(1);

      writer.apply(List.of(upsert(1, "c")), 20);
      assertThat(ids(db, "_t_gho")).containsExactly(1, 2);
      assertThat(ids(db, "_t_ghr")).as("row 1 written again").isEmpty();

      // two rows of one epoch collide with each other: the one written second displaces the first
      writer.apply(List.of(upsert(3, "q"), upsert(4, "Q")), 30);
      List<Integer> ghost = ids(db, "_t_gho");
      List<Integer> listed = ids(db, "_t_ghr");
      assertThat(listed).hasSize(1);
      assertThat(ghost).doesNotContainAnyElementsOf(listed).containsAnyOf(3, 4);
    }
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void aCopyThatARiskyKeyKeepsRowsOutOfListsThem(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    Setup s = setup(db, mysql, ALTER, mode);
    db.execute("INSERT INTO t VALUES (1, 'john'), (2, 'John'), (3, 'bob')");

    try (ChunkCopy copier = ChunkCopy.of(s.copy())) {
      copier.open();
      // the copy's count is of rows read: the row kept out too
      assertThat(copier.copy(new Chunk(0, null, null))).isEqualTo(3);
    }
    assertThat(ids(db, "_t_gho")).containsExactly(1, 3);
    assertThat(ids(db, "_t_ghr")).containsExactly(2);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void aChunkCopiedAgainCountsItsRowsAgain(CopyMode mode, TestDatabase db, MysqlInstance mysql)
      throws Exception {
    Setup s = setup(db, mysql, "ADD COLUMN x INT", mode);
    db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
    try (ChunkCopy copier = ChunkCopy.of(s.copy())) {
      copier.open();
      assertThat(copier.copy(new Chunk(0, null, null))).isEqualTo(4);
      // after a restore from a checkpoint taken before the chunk was done, it is copied again;
      // the restored count had not counted it, so its rows count again: the copy ends at 4 rows
      // copied, not 0 (before session 51 a resumed run ended at 78% of a table copied in full)
      db.execute("DELETE FROM _t_gho WHERE id = 4");
      assertThat(copier.copy(new Chunk(1, null, null))).isEqualTo(4);
    }
    assertThat(ids(db, "_t_gho")).containsExactly(1, 2, 3, 4);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void aValueTheNewColumnCannotHoldStopsTheCopyNamingTheRow(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    Setup s = setup(db, mysql, "MODIFY name VARCHAR(3) NOT NULL", mode);
    db.execute("INSERT INTO t VALUES (1, 'abc'), (2, 'abcd'), (3, 'xyz')");

    try (ChunkCopy copier = ChunkCopy.of(s.copy())) {
      copier.open();
      assertThatThrownBy(() -> copier.copy(new Chunk(0, null, null)))
          .isInstanceOf(RowRefusedException.class)
          .hasMessageContaining("cannot hold row id=2")
          .hasMessageContaining("Data truncated for column 'name'");
    }
    assertThat(ids(db, "_t_gho")).as("the chunk rolled back").isEmpty();
  }

  private record Setup(GhostSinkSpec sink, CopySpec copy) {}

  private static Setup setup(TestDatabase db, MysqlInstance mysql, String alter, CopyMode mode)
      throws Exception {
    TableRef t = new TableRef(db.name(), "t");
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, name VARCHAR(20) CHARACTER SET utf8mb4"
            + " COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY name_uk (name))",
        "CREATE TABLE _t_gho LIKE t",
        "ALTER TABLE _t_gho " + alter,
        ChangelogSql.create(t.changelog()),
        GhostDml.createProgressTable(t.progress()));
    TableSchema schema;
    ColumnMapping mapping;
    GhostKey ghostKey;
    try (Connection c = db.connect()) {
      schema = SchemaReader.read(c, t).orElseThrow();
      mapping = ColumnMapper.map(schema, SchemaReader.columns(c, t.ghost()), Map.of(), Set.of());
      GhostKeys.Plan plan =
          GhostKeys.plan(
              schema.columns(),
              SchemaReader.uniqueKeys(c, t),
              SchemaReader.columns(c, t.ghost()),
              SchemaReader.uniqueKeys(c, t.ghost()),
              mapping);
      ghostKey = plan.ghostKey();
    }
    db.execute(RecheckSql.create(t.recheck(), schema.keyColumnList()));
    ServerAddress server =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    GhostSinkSpec sink =
        new GhostSinkSpec(
            server, t.ghost(), t.progress(), schema, mapping, ghostKey, t.recheck(), 1, 1, 0);
    CopySpec copy =
        new CopySpec(
            server,
            server,
            server,
            t,
            t.ghost(),
            t.changelog(),
            schema,
            mapping,
            ghostKey,
            t.recheck(),
            ChunkSizing.fixed(1000),
            1L,
            mode,
            CopyHook.NONE);
    return new Setup(sink, copy);
  }

  private static ChangeEvent upsert(int id, String name) {
    return ChangeEvent.upsert(
        1, "", new byte[][] {ColumnValues.text(Integer.toString(id)), ColumnValues.text(name)});
  }

  private static List<Integer> ids(TestDatabase db, String table) {
    List<Integer> ids = new ArrayList<>();
    db.query("SELECT id FROM `" + table + "` ORDER BY id")
        .forEach(r -> ids.add(((Number) r.get(0)).intValue()));
    return ids;
  }
}
