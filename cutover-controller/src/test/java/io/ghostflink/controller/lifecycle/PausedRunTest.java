package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.job.JobSpec;
import io.ghostflink.job.MigrationJobMain;
import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PausedRunTest {
  @TempDir Path stateDir;

  /**
   * A spec an earlier build wrote lacks the components added since; read back, they are null. The
   * resume says so in one line instead of failing somewhere inside.
   */
  @Test
  void aRunWrittenByAnEarlierBuildIsRefusedWithOneClearLine() throws Exception {
    TableRef t = new TableRef("shop", "orders");
    ServerAddress db = new ServerAddress("db1", 3306, "u", "p");
    TableSchema schema =
        TableSchema.of(
            List.of(Column.of("id", "bigint", "bigint", false)),
            UniqueKey.of(UniqueKey.PRIMARY, List.of("id")));
    JobSpec older =
        new JobSpec(
            null, // no primary: the field did not exist
            db,
            db,
            t,
            null, // nor the written table
            schema,
            new ColumnMapping(List.of("id"), new int[] {0}),
            new GhostKey(List.of("id"), true, List.of("PRIMARY"), List.of(), List.of()),
            new BinlogPosition("binlog.000001", 4, ""),
            1,
            1,
            ChunkSizing.fixed(1000),
            true,
            1,
            CopyMode.STREAM,
            CopyHook.NONE);
    MigrationJobMain.writeSpec(older, stateDir.resolve(PausedRun.SPEC_FILE));

    assertThatThrownBy(() -> PausedRun.read(stateDir, t))
        .isInstanceOf(PreflightException.class)
        .hasMessage(
            "the run in "
                + stateDir
                + " was written by an earlier ghostflink and cannot be resumed by this one;"
                + " shop.orders is untouched: start over with --initially-drop-ghost-table");
    assertThat(Files.exists(stateDir.resolve(PausedRun.SPEC_FILE))).isTrue();
  }

  private static org.assertj.core.api.AbstractBooleanAssert<?> assertThat(boolean b) {
    return org.assertj.core.api.Assertions.assertThat(b);
  }
}
