package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.MigrationPhase;
import io.ghostflink.controller.progress.ProgressReader;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and shows an operator's runtime settings of a migration ({@link
 * io.ghostflink.controller.throttle.RuntimeSettings}) from any machine that reaches MySQL.
 */
final class RuntimeControl {
  private RuntimeControl() {}

  /**
   * Writes {@code hint} for the migration of {@code t}.
   *
   * @throws IllegalArgumentException no migration of {@code t} that has not finished
   */
  static void write(Connection c, TableRef t, String hint, String value) throws SQLException {
    String phase = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.STATE);
    if (phase == null
        || phase.equals(MigrationPhase.DONE.name())
        || phase.equals(MigrationPhase.CLEANUP.name())) {
      throw new IllegalArgumentException(
          "no migration of "
              + t
              + " is running or paused"
              + (phase == null ? "" : " (it is " + phase + ")")
              + "; nothing to control");
    }
    try (PreparedStatement ps = c.prepareStatement(ChangelogSql.write(t.changelog()))) {
      ps.setString(1, hint);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  /** The runtime settings in force, one line each (none: nothing). */
  static List<String> describe(Connection c, TableRef t) throws SQLException {
    List<String> lines = new ArrayList<>();
    for (String hint :
        List.of(
            ChangelogSql.CONTROL_THROTTLE,
            ChangelogSql.CONTROL_CHUNKING,
            ChangelogSql.CONTROL_MAX_LOAD,
            ChangelogSql.CONTROL_CRITICAL_LOAD,
            ChangelogSql.CONTROL_MAX_LAG,
            ChangelogSql.CONTROL_COMMIT_LATENCY,
            ChangelogSql.CONTROL_CHECKPOINT_AGE,
            ChangelogSql.CONTROL_NICE_RATIO,
            ChangelogSql.CONTROL_CPU)) {
      String value = ProgressReader.changelogValue(c, t.changelog(), hint);
      if (value != null && !value.isEmpty()) {
        lines.add(
            "runtime setting " + hint.substring(ChangelogSql.CONTROL.length()) + ": " + value);
      }
    }
    return lines;
  }
}
