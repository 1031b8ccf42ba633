package io.ghostflink.controller.verify;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tables a migration copies, as it began: their identity and their columns. The job follows row
 * changes only: a {@code TRUNCATE} of the original (a statement in the binlog) leaves every row it
 * had in the ghost table, and an {@code ALTER} of it is lost at the swap, or fails the job once a
 * row has other columns. Measured with the checksum off: after a TRUNCATE and one insert the
 * swapped table held the 3,000 truncated rows. A TRUNCATE gives the table a new tablespace (and
 * table id), an ALTER other columns; either fails the migration before its swap
 * (docs/operations.md, "Changes the job cannot read").
 *
 * <p>The identity is the table's tablespace id from information_schema.FILES (a file per table),
 * else its InnoDB table id from INNODB_TABLES, which opens every table's definition (seconds on a
 * server with 10,000 tables): it is read at the start, and again only after the server's count of
 * TRUNCATEs moved. The columns, an index lookup, are read at every look.
 */
public final class OriginalTables implements AutoCloseable {
  private final ServerAddress server;
  private final Map<TableRef, Long> ids;
  private final Map<TableRef, List<Column>> columns;
  private Connection connection;
  // the server's count of TRUNCATEs when the ids were last found unchanged; -1: not yet (the
  // first look reads them: a resumed run's kept ids against the table now)
  private long truncates = -1;

  /**
   * @param server the originals' server
   * @param ids each original's identity when the migration began ({@link #identity})
   * @param columns each original's columns when the migration began
   */
  public OriginalTables(
      ServerAddress server, Map<TableRef, Long> ids, Map<TableRef, List<Column>> columns) {
    this.server = server;
    this.ids = Map.copyOf(ids);
    this.columns = Map.copyOf(columns);
  }

  /**
   * The table's identity: its tablespace id, or where it has no tablespace of its own its InnoDB
   * table id; empty when the table is gone or cannot be told apart (InnoDB names tables in MySQL's
   * file name encoding, which this writes for ASCII characters and matches for the others).
   */
  public static OptionalLong identity(Connection c, TableRef t) throws SQLException {
    Optional<String> name = innodbName(t);
    if (name.isEmpty()) {
      return identityByPattern(c, t);
    }
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.TABLESPACE_ID)) {
      ps.setString(1, "./" + name.get() + ".ibd");
      ps.setString(2, "./" + name.get().replace("_", "\\_") + "#p#%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long space = rs.getLong(1);
        if (!rs.wasNull()) {
          return OptionalLong.of(space);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.INNODB_TABLE_ID)) {
      ps.setString(1, name.get());
      try (ResultSet rs = ps.executeQuery()) {
        // negated: a table id never equals a tablespace id read before the table moved files
        return rs.next() ? OptionalLong.of(-rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * The identity of a table whose name holds letters outside ASCII. InnoDB writes most of them in
   * a two-character code of MySQL's own table ({@code ü} is {@code @1o}), the others as {@code
   * @xxxx}: the table's file is found by a pattern that takes either for each such letter, and
   * only when exactly one table's files match it (two names that differ only in such letters leave
   * the table unwatched, as before).
   */
  private static OptionalLong identityByPattern(Connection c, TableRef t) throws SQLException {
    String table =
        encoded(t.database(), EITHER_CODE).orElseThrow()
            + "/"
            + encoded(t.table(), EITHER_CODE).orElseThrow();
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.TABLESPACES_MATCHING)) {
      ps.setString(1, "^(\\./.*?)(#p#.*)?\\.ibd$");
      ps.setString(2, "^\\./" + table + "(#p#.*)?\\.ibd$");
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long space = rs.getLong(2);
          return rs.next() ? OptionalLong.empty() : OptionalLong.of(space);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.INNODB_TABLE_IDS_MATCHING)) {
      ps.setString(1, "^" + table + "$");
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long id = rs.getLong(1);
          return rs.next() ? OptionalLong.empty() : OptionalLong.of(-id);
        }
      }
    }
    return OptionalLong.empty();
  }

  /** "db/table" as InnoDB names it: letters, digits and _ as they are, other ASCII as @00xx. */
  static Optional<String> innodbName(TableRef t) {
    Optional<String> db = encoded(t.database(), null);
    Optional<String> table = encoded(t.table(), null);
    return db.isPresent() && table.isPresent()
        ? Optional.of(db.get() + "/" + table.get())
        : Optional.empty();
  }

  /** A letter outside ASCII in InnoDB's naming, as a regular expression: either of its codes. */
  private static final String EITHER_CODE = "@(..|[0-9a-f]{4})";

  /**
   * {@code name} in InnoDB's naming, each letter outside ASCII written as {@code otherLetter};
   * empty when it has one and {@code otherLetter} is null. Letters, digits and _ of ASCII as they
   * are (none is special in a regular expression), other ASCII as @00xx.
   */
  private static Optional<String> encoded(String name, String otherLetter) {
    StringBuilder out = new StringBuilder(name.length());
    for (char ch : name.toCharArray()) {
      if (ch >= 128) {
        if (otherLetter == null) {
          return Optional.empty();
        }
        out.append(otherLetter);
      } else if (Character.isLetterOrDigit(ch) || ch == '_') {
        out.append(ch);
      } else {
        out.append(String.format(java.util.Locale.ROOT, "@%04x", (int) ch));
      }
    }
    return Optional.of(out.toString());
  }

  private static long truncates(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.TRUNCATES)) {
      return rs.next() ? rs.getLong(2) : -1;
    }
  }

  /** What changed, read now on this watch's own session: see {@link #problem(Connection)}. */
  public Optional<String> problem() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(server, "");
    }
    try {
      return problem(connection);
    } catch (SQLException e) {
      close(); // reopened at the next look
      throw e;
    }
  }

  /** Why the ghost table cannot follow an original any more, or empty: none changed. */
  public Optional<String> problem(Connection c) throws SQLException {
    for (Map.Entry<TableRef, List<Column>> e : columns.entrySet()) {
      if (!SchemaReader.columns(c, e.getKey()).equals(e.getValue())) {
        return Optional.of(
            e.getKey()
                + "'s columns changed during the migration (an ALTER ran on it), which the ghost"
                + " table does not follow: start over with --initially-drop-ghost-table, and run"
                + " no ALTER on it while ghostflink migrates it");
      }
    }
    long now = truncates(c);
    if (now >= 0 && now == truncates) {
      return Optional.empty(); // no TRUNCATE anywhere since the ids were last read
    }
    for (Map.Entry<TableRef, Long> e : ids.entrySet()) {
      OptionalLong id = identity(c, e.getKey());
      if (id.isEmpty() || id.getAsLong() != e.getValue()) {
        return Optional.of(
            e.getKey()
                + " was truncated or dropped during the migration (its tablespace went from "
                + e.getValue()
                + " to "
                + (id.isEmpty() ? "none" : Long.toString(id.getAsLong()))
                + "); the job follows row changes only, so the ghost table may hold rows it no"
                + " longer has: start over with --initially-drop-ghost-table, and run no"
                + " TRUNCATE or ALTER on it while ghostflink migrates it");
      }
    }
    truncates = now;
    return Optional.empty();
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection);
    connection = null;
  }
}
