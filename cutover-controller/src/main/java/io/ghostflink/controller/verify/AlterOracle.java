package io.ghostflink.controller.verify;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.controller.schema.AutoIncrementCounter;
import io.ghostflink.controller.schema.CheckNames;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.operators.sql.MigrationDdl;
import io.ghostflink.operators.sql.VerifySql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The differential check of a finished migration: MySQL's own ALTER, run on a copy of the old table
 * {@code _t_del} (frozen at the drain point), must give what the swap gave, every column of every
 * row. The copy {@code _t_vfy} is made in the session's sql_mode (the migration's), altered by
 * MySQL, then compared with the new table chunk by chunk along its key: a digest per chunk, and row
 * by row where a chunk differs. Columns whose values MySQL evaluates per row at the time of writing
 * (a new column with an expression default such as {@code CURRENT_TIMESTAMP} or {@code UUID()}, or
 * a new AUTO_INCREMENT column) cannot be expected to match and are left out, by name. The
 * AUTO_INCREMENT counter is compared too: the new table's must not be below the one MySQL's ALTER
 * keeps from the old table.
 */
public final class AlterOracle {
  private static final int SAMPLES = 10;

  /**
   * What the check found.
   *
   * @param old the old table MySQL's ALTER ran on a copy of
   * @param refusal MySQL's error when its own ALTER refused the old rows, else null
   * @param definitionDifference how the two CREATE TABLE statements differ, or null
   * @param rows rows compared
   * @param compared the columns compared
   * @param skipped the columns left out, each with the reason
   * @param differingRows how many rows differ or are missing on one side
   * @param samples keys of some differing rows, with which side has them
   */
  public record Report(
      TableRef old,
      String refusal,
      String definitionDifference,
      long rows,
      List<String> compared,
      List<String> skipped,
      long differingRows,
      List<String> samples) {

    /** Whether the new table is what MySQL's own ALTER makes of the old rows. */
    public boolean matches() {
      return refusal == null && definitionDifference == null && differingRows == 0;
    }

    /** One line for the operator. */
    public String describe(TableRef table) {
      if (refusal != null) {
        return "MySQL's own ALTER refuses the rows of "
            + old
            + ": "
            + refusal
            + "; the migration should have failed before its swap";
      }
      if (definitionDifference != null) {
        return table + "'s definition differs from MySQL's own ALTER: " + definitionDifference;
      }
      if (differingRows > 0) {
        return differingRows
            + " rows of "
            + table
            + " differ from MySQL's own ALTER of "
            + old
            + " (first: "
            + String.join("; ", samples)
            + ")";
      }
      return table
          + " equals MySQL's own ALTER of "
          + old
          + ": "
          + rows
          + " rows, columns "
          + compared
          + (skipped.isEmpty() ? "" : " (not compared: " + String.join(", ", skipped) + ")");
    }
  }

  private AlterOracle() {}

  /** Runs the check of {@code table} on {@code server}, in the sql_mode migrations write in. */
  public static Report run(ServerAddress server, TableRef table, String alter, int chunkRows)
      throws SQLException {
    return run(server, table, table.magic(), alter, chunkRows);
  }

  /** Runs the check of {@code table} against the old table {@code old} on {@code server}. */
  public static Report run(
      ServerAddress server, TableRef table, TableRef old, String alter, int chunkRows)
      throws SQLException {
    ServerAddress writing = Connections.withWriteMode(server, table.database());
    try (Connection c = Connections.open(writing, table.database())) {
      return run(c, table, old, alter, chunkRows);
    }
  }

  /**
   * Runs the check of {@code table} against the old table {@code old}; {@code c}'s session must
   * write in the migration's sql_mode. The scratch table is dropped when the tables match, and kept
   * for inspection when they do not.
   */
  public static Report run(Connection c, TableRef table, TableRef old, String alter, int chunkRows)
      throws SQLException {
    String operation = AlterClause.parse(alter).dataOperation();
    if (operation != null) {
      // run on the copy, an EXCHANGE PARTITION would take the other table's rows with it
      throw new IllegalArgumentException(
          "the ALTER's "
              + operation
              + " works on the table's data, not its definition: no copy"
              + " of it can be compared");
    }
    TableRef oracle = table.verify();
    String refusal = alteredCopy(c, old, oracle, alter, table);
    if (refusal != null) {
      return new Report(old, refusal, null, 0, List.of(), List.of(), 0, List.of());
    }
    String definition = definitionDifference(c, table, oracle);
    if (definition == null) {
      definition = counterDifference(c, table, oracle);
    }
    List<Column> oldColumns = SchemaReader.columns(c, old);
    List<String> compared = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Column col : SchemaReader.columns(c, oracle)) {
      boolean isNew = Column.indexOf(oldColumns, col.name()) < 0;
      if (isNew && (col.defaultExpression() || col.autoIncrement())) {
        skipped.add(
            col.name()
                + (col.autoIncrement()
                    ? " (a new AUTO_INCREMENT column, numbered in copy order)"
                    : " (default " + col.defaultValue() + ", evaluated per row)"));
      } else {
        compared.add(col.name());
        values.add(VerifySql.comparable(col.name(), col.dataType()));
      }
    }
    // rows are matched by a unique NOT NULL key over compared columns (not a new AUTO_INCREMENT)
    List<Column> columns = SchemaReader.columns(c, table);
    TableSchema schema =
        TableSchema.usableKeys(columns, SchemaReader.uniqueKeys(c, table)).stream()
            .filter(k -> k.columns().stream().allMatch(n -> containsIgnoreCase(compared, n)))
            .findFirst()
            .map(k -> TableSchema.of(columns, k))
            .orElseThrow(
                () ->
                    new SQLException(
                        table
                            + " has no unique NOT NULL key over compared columns to match rows by"));
    Diff diff = new Diff(c, table, oracle, schema, compared, values, chunkRows);
    diff.run();
    Report report =
        new Report(
            old, null, definition, diff.rows, compared, skipped, diff.differing, diff.samples);
    if (report.matches()) {
      try (Statement s = c.createStatement()) {
        s.execute(MigrationDdl.dropIfExists(oracle));
      }
    }
    return report;
  }

  /**
   * Copies {@code from} into {@code into} (dropped first) and runs {@code alter} there with MySQL;
   * returns MySQL's error when it refuses (then {@code into} is dropped), else null.
   */
  public static String alteredCopy(Connection c, TableRef from, TableRef into, String alter)
      throws SQLException {
    return alteredCopy(c, from, into, alter, from);
  }

  /**
   * {@link #alteredCopy(Connection, TableRef, TableRef, String)} of {@code from}, which was {@code
   * namedAs} when the ALTER was written (the old table after a swap): the ALTER's names of CHECK
   * constraints are {@code namedAs}'s.
   */
  public static String alteredCopy(
      Connection c, TableRef from, TableRef into, String alter, TableRef namedAs)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(MigrationDdl.dropIfExists(into));
      // where MySQL's ALTER of from would leave it: in its DATA DIRECTORY, if it has one
      s.execute(MigrationDdl.createLike(into, from, SchemaReader.showCreate(c, from)));
      List<String> written = new ArrayList<>();
      for (Column col : SchemaReader.columns(c, from)) {
        if (!col.generated()) {
          written.add(col.name());
        }
      }
      s.execute(VerifySql.copyAll(into, from, written));
      // the copy counts on from the old table's counter, as the old table itself would
      OptionalLong counter = AutoIncrementCounter.next(c, from);
      if (counter.isPresent()) {
        s.execute(MigrationDdl.setAutoIncrement(into, counter.getAsLong()));
      }
      // in the server's default zone, as a DBA's session would run it (ghostflink's sessions run
      // in UTC); it converts between TIMESTAMP and the other types, and fills a new column's
      // DEFAULT CURRENT_TIMESTAMP, in that zone
      s.execute(
          "SET @ghostflink_zone = @@SESSION.time_zone, SESSION time_zone = @@GLOBAL.time_zone");
      try {
        // the copy's CHECK constraints have generated names; the ALTER names the original's,
        // which the old table kept (or MySQL's RENAME changed with it, from t_chk_1 to
        // _t_del_chk_1)
        Connections.executeAlter(
            c, MigrationDdl.alter(into, CheckNames.forCopy(c, alter, from, into, namedAs)));
        return null;
      } catch (IllegalArgumentException | SQLException refused) {
        s.execute(MigrationDdl.dropIfExists(into));
        return refused.getMessage();
      } finally {
        s.execute("SET SESSION time_zone = @ghostflink_zone");
      }
    }
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    return names.stream().anyMatch(name::equalsIgnoreCase);
  }

  private static String definitionDifference(Connection c, TableRef table, TableRef oracle)
      throws SQLException {
    List<String> a =
        comparable(createTable(c, table).replace(Identifiers.quote(table.table()), "`t`"));
    List<String> b =
        comparable(createTable(c, oracle).replace(Identifiers.quote(oracle.table()), "`t`"));
    if (a.equals(b)) {
      return null;
    }
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(none)";
      String y = i < b.size() ? b.get(i) : "(none)";
      if (!x.equals(y)) {
        return "\"" + x + "\" where MySQL's ALTER has \"" + y + "\"";
      }
    }
    return "they differ";
  }

  /**
   * The new table's AUTO_INCREMENT counter below the one MySQL's ALTER keeps, or null. Higher is
   * fine: the application may have inserted rows since the swap.
   */
  private static String counterDifference(Connection c, TableRef table, TableRef oracle)
      throws SQLException {
    OptionalLong mine = AutoIncrementCounter.next(c, table);
    OptionalLong theirs = AutoIncrementCounter.next(c, oracle);
    if (mine.isEmpty() || theirs.isEmpty() || mine.getAsLong() >= theirs.getAsLong()) {
      return null;
    }
    return "AUTO_INCREMENT="
        + mine.getAsLong()
        + " where MySQL's ALTER keeps AUTO_INCREMENT="
        + theirs.getAsLong()
        + " (the next inserts would take ids the old table's deleted rows had)";
  }

  /** A CHECK constraint's line of SHOW CREATE TABLE: its name, then its condition. */
  private static final java.util.regex.Pattern CHECK_LINE =
      java.util.regex.Pattern.compile("^CONSTRAINT `(?:[^`]|``)*` (CHECK .*)$");

  /**
   * A definition's lines as compared: without their commas, and CHECK constraints by their
   * conditions alone, in one order. A copy's CHECK constraints have names MySQL generates (they are
   * unique per database), in ghostflink's new table as in the oracle's copy, numbered by the names
   * of the table each was copied from (docs/architecture.md, "CHECK constraints").
   */
  static List<String> comparable(String create) {
    List<String> lines = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    int at = -1;
    for (String line : create.lines().toList()) {
      String l = line.strip();
      l = l.endsWith(",") ? l.substring(0, l.length() - 1) : l;
      java.util.regex.Matcher m = CHECK_LINE.matcher(l);
      if (m.matches()) {
        at = at < 0 ? lines.size() : at;
        checks.add("CONSTRAINT " + m.group(1));
      } else {
        lines.add(l);
      }
    }
    java.util.Collections.sort(checks);
    if (at >= 0) {
      lines.addAll(at, checks);
    }
    return lines;
  }

  private static String createTable(Connection c, TableRef t) throws SQLException {
    return SchemaReader.showCreate(c, t).replaceAll(" AUTO_INCREMENT=\\d+", "");
  }

  /** Compares two tables with the same key chunk by chunk; row by row where a chunk differs. */
  private static final class Diff {
    private final Connection c;
    private final TableSide mine;
    private final TableSide theirs;
    private final List<String> columns;
    private final int chunkRows;
    long rows;
    long differing;
    final List<String> samples = new ArrayList<>();

    Diff(
        Connection c,
        TableRef table,
        TableRef oracle,
        TableSchema schema,
        List<String> columns,
        List<String> values,
        int chunkRows) {
      this.c = c;
      // the same types on both sides: nothing to convert, in any zone
      this.mine = new TableSide(table, schema.keyName(), schema.keyColumnList(), values, "");
      this.theirs = new TableSide(oracle, schema.keyName(), schema.keyColumnList(), values, "");
      this.columns = columns;
      this.chunkRows = chunkRows;
    }

    void run() throws SQLException {
      for (TableSide.Range r : mine.ranges(c, chunkRows)) {
        TableSide.Comparison cmp = TableSide.compare(c, mine, theirs, r, columns, "MySQL's ALTER");
        rows += cmp.mineRows();
        cmp.differences().forEach(this::differ);
      }
    }

    private void differ(String sample) {
      differing++;
      if (samples.size() < SAMPLES) {
        samples.add(sample);
      }
    }
  }
}
