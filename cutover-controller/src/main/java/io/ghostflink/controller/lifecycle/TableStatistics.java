package io.ghostflink.controller.lifecycle;

import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optimizer's statistics of the table that takes the original's place, brought up to date
 * before the swap (docs/cut-over.md, "Statistics before the swap").
 *
 * <p>The swap's {@code RENAME TABLE} carries each table's statistics with it: the new table serves
 * the application with the ghost table's, which InnoDB recalculates in the background only after a
 * tenth of its rows changed since the last time, and never where the table says {@code
 * STATS_AUTO_RECALC=0} (those DBAs run {@code ANALYZE TABLE} themselves): there the swapped table
 * was estimated at 0 rows and its queries planned as full scans (gh-ost #875 and #1418, Vitess
 * #17200, Spirit #18). And the original's histograms ({@code ANALYZE TABLE … UPDATE HISTOGRAM})
 * went with it to {@code _t_del}, and were dropped with it. So once, before the first cut-over
 * attempt, the ghost table gets the original's histograms (same columns, or their new names after
 * the ALTER's renames, with the same bucket counts, computed from the ghost's rows) and one {@code
 * ANALYZE TABLE}. Both are written to the binlog, so replicas analyze their copy too.
 *
 * <p>Neither changes a row: one that fails (a lock wait past {@code --cut-over-lock-timeout}, a
 * histogram MySQL refuses on the column's new type) is reported and the migration goes on, as
 * Vitess does.
 */
final class TableStatistics {
  private TableStatistics() {}

  /**
   * One histogram of the original: its column and the buckets it was asked for.
   *
   * @param column the original's column
   * @param buckets {@code WITH N BUCKETS}
   */
  record Histogram(String column, int buckets) {}

  /**
   * What {@link #refresh} did.
   *
   * @param analyzed the {@code ANALYZE TABLE} succeeded
   * @param carried the ghost's columns that got the original's histograms
   * @param problems one phrase per thing not done (none when all was)
   * @param took how long it all took
   */
  record Report(boolean analyzed, List<String> carried, List<String> problems, Duration took) {
    /** The one line the operator reads. */
    String line(TableRef ghost) {
      StringBuilder b = new StringBuilder("statistics: ");
      b.append(analyzed ? "analyzed " + ghost : ghost + " not analyzed");
      if (!carried.isEmpty()) {
        b.append(carried.size() == 1 ? ", its histogram on " : ", its histograms on ")
            .append(String.join(", ", carried))
            .append(" carried from the original");
      }
      b.append(String.format(Locale.ROOT, " in %.1f s", took.toNanos() / 1e9));
      for (String p : problems) {
        b.append("; ").append(p);
      }
      return b.toString();
    }
  }

  /** The histograms of {@code table}, in column order. */
  static List<Histogram> histograms(Connection c, TableRef table) throws SQLException {
    List<Histogram> found = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT s.COLUMN_NAME, JSON_EXTRACT(s.HISTOGRAM, '$.\"number-of-buckets-specified\"')"
                + " FROM information_schema.COLUMN_STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.SCHEMA_NAME AND c.TABLE_NAME = s.TABLE_NAME"
                + " AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.SCHEMA_NAME = ? AND s.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION")) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new Histogram(rs.getString(1), rs.getInt(2)));
        }
      }
    }
    return found;
  }

  /**
   * Gives {@code ghost} the original's {@code histograms} (under the names {@code mapping} gives
   * their columns) and analyzes it, each statement waiting at most {@code lockTimeout} for its
   * lock.
   */
  static Report refresh(
      Connection c,
      TableRef ghost,
      TableSchema original,
      ColumnMapping mapping,
      List<Histogram> histograms,
      Duration lockTimeout)
      throws SQLException {
    long start = System.nanoTime();
    List<String> carried = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, lockTimeout.toSeconds()));
      Map<Integer, List<String>> byBuckets = new LinkedHashMap<>();
      Map<String, String> ghostNames = ghostNames(c, ghost, original, mapping);
      List<String> asked = new ArrayList<>();
      for (Histogram h : histograms) {
        String name = ghostNames.get(h.column().toLowerCase(Locale.ROOT));
        if (name == null) {
          problems.add("the histogram on " + h.column() + " is not carried: the ALTER drops it");
        } else {
          byBuckets.computeIfAbsent(h.buckets(), b -> new ArrayList<>()).add(name);
          asked.add(name);
        }
      }
      for (Map.Entry<Integer, List<String>> e : byBuckets.entrySet()) {
        String sql =
            "ANALYZE TABLE "
                + Identifiers.quote(ghost)
                + " UPDATE HISTOGRAM ON "
                + Identifiers.quoteAll(e.getValue())
                + " WITH "
                + e.getKey()
                + " BUCKETS";
        for (String[] row : results(s, sql)) {
          String column = quotedColumn(row[1]);
          if (row[0].equalsIgnoreCase("status") && row[1].startsWith("Histogram statistics")) {
            carried.add(column == null ? "?" : column);
          } else {
            problems.add(
                "the histogram on "
                    + (column == null ? String.join(", ", e.getValue()) : column)
                    + " is not carried: "
                    + row[1]);
          }
        }
      }
      // MySQL answers in an order of its own; the operator reads them in the table's
      carried.sort(java.util.Comparator.comparingInt(name -> order(asked, name)));
      boolean analyzed = true;
      for (String[] row : results(s, "ANALYZE TABLE " + Identifiers.quote(ghost))) {
        if (!row[0].equalsIgnoreCase("status")) {
          analyzed = false;
          problems.add("ANALYZE TABLE said: " + row[1]);
        }
      }
      return new Report(analyzed, carried, problems, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Lower-case original column name to the ghost's name of it: as the mapping writes it, or the
   * same name where the ghost table has a column of that name the mapping does not write (a
   * generated column, computed by MySQL on both sides).
   */
  private static Map<String, String> ghostNames(
      Connection c, TableRef ghost, TableSchema original, ColumnMapping mapping)
      throws SQLException {
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < mapping.ghostColumns().size(); i++) {
      String source = original.columns().get(mapping.sourceColumns()[i]).name();
      names.putIfAbsent(source.toLowerCase(Locale.ROOT), mapping.ghostColumns().get(i));
    }
    // after the written ones: a name the mapping gives a written column stays that column's
    for (var column : SchemaReader.columns(c, ghost)) {
      if (original.indexOf(column.name()) >= 0) {
        names.putIfAbsent(column.name().toLowerCase(Locale.ROOT), column.name());
      }
    }
    return names;
  }

  private static int order(List<String> asked, String name) {
    int at = asked.indexOf(name);
    return at < 0 ? asked.size() : at;
  }

  /** Msg_type and Msg_text of each row an {@code ANALYZE TABLE} answers. */
  private static List<String[]> results(Statement s, String sql) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString("Msg_type"), rs.getString("Msg_text")});
      }
    }
    return rows;
  }

  /** The column a histogram message names in quotes ("… for column 'c'."), or null. */
  private static String quotedColumn(String text) {
    int open = text.indexOf('\'');
    int close = text.lastIndexOf('\'');
    return open >= 0 && close > open ? text.substring(open + 1, close) : null;
  }
}
