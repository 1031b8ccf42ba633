package io.ghostflink.controller.schema;

import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * The table's AUTO_INCREMENT counter, carried from the original to the table that replaces it, as
 * MySQL's own ALTER keeps it. The rows alone do not carry it: a table whose newest rows were
 * deleted (a queue, a jobs table) or whose inserts were rolled back has a counter above its largest
 * id, and a table filled with explicit ids counts on from its largest. Without the carry the
 * application's next insert after the swap would take an id its deleted rows had, one that other
 * tables, caches or logs may still name. gh-ost carries it when it creates its ghost table;
 * ghostflink does so too, and again under the cut-over's lock, where the original's counter is
 * final.
 */
public final class AutoIncrementCounter {
  private AutoIncrementCounter() {}

  /** The next value {@code table}'s AUTO_INCREMENT column would take; empty when it has none. */
  public static OptionalLong next(Connection c, TableRef table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(MigrationDdl.FRESH_TABLE_STATISTICS);
    }
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.AUTO_INCREMENT)) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException(table + " does not exist");
        }
        long next = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(next);
      }
    }
  }

  /**
   * Raises {@code to}'s counter to {@code from}'s when it is lower (never lowers it: rows written
   * since may have raised it). The values are read on {@code fromSession} and {@code toSession},
   * the ALTER runs on {@code alterSession} (at the cut-over, the session holding {@code to}'s WRITE
   * lock). Returns the value set, or empty when nothing was changed.
   */
  public static OptionalLong carry(
      Connection fromSession,
      TableRef from,
      Connection toSession,
      TableRef to,
      Connection alterSession)
      throws SQLException {
    OptionalLong original = next(fromSession, from);
    if (original.isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong current = next(toSession, to);
    if (current.isEmpty() || current.getAsLong() >= original.getAsLong()) {
      return OptionalLong.empty();
    }
    try (Statement s = alterSession.createStatement()) {
      s.execute(MigrationDdl.setAutoIncrement(to, original.getAsLong()));
    }
    return original;
  }
}
