package io.ghostflink.operators.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warnings a statement left, read with SHOW WARNINGS (which, unlike the driver's warning chain,
 * gives each one's level). In strict mode a Warning is what MySQL would have refused without
 * IGNORE; a Note (a DECIMAL rounded to fewer digits, say) is what MySQL's own ALTER does too. Only
 * Warnings are kept.
 */
public final class Warnings {
  /** Warnings that say nothing about the data written. */
  private static final Set<Integer> HARMLESS =
      Set.of(
          1287, // deprecated syntax
          // "Invalid cp1251 character string: '98'": bytes carried as they are (Column#
          // carriedAsBytes) read in a character set that has no character for them; MySQL keeps
          // them, as its ALTER does, and refuses a value its column cannot hold (1366) apart
          1300,
          3170 // range optimizer memory exceeded: a plan, not the data
          );

  /**
   * MySQL 8.0.29's deprecated delimiters in a date or time's text ({@code ' 1'}, {@code
   * '2020/01/02'}): the value is read as before, and MySQL's own ALTER stores it.
   */
  private static final Set<Integer> DEPRECATED_DELIMITERS = Set.of(4095, 4096);

  private static boolean harmless(int code, String message) {
    return HARMLESS.contains(code)
        || (DEPRECATED_DELIMITERS.contains(code)
            && message != null
            && message.contains("deprecated"));
  }

  private static final Pattern AT_ROW = Pattern.compile(" at row (\\d+)");
  private static final Pattern DUPLICATE_KEY =
      Pattern.compile("Duplicate entry '(.*)' for key '(?:[^']*\\.)?([^'.]+)'", Pattern.DOTALL);

  /** One warning: MySQL's code and message. */
  public record Warning(int code, String message) {
    /** The 1-based row of the statement it is about, if it says. */
    public OptionalInt row() {
      Matcher m = AT_ROW.matcher(message);
      return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** For a duplicate-key warning, the index name (without its table); else null. */
    public String duplicateKey() {
      if (code != MysqlErrors.DUPLICATE_KEY) {
        return null;
      }
      Matcher m = DUPLICATE_KEY.matcher(message);
      return m.find() ? m.group(2) : null;
    }
  }

  /**
   * What one statement left.
   *
   * @param warnings its Warnings (Notes left out)
   * @param complete false when the server kept fewer than the statement raised ({@code
   *     max_error_count}): some Warnings may be missing from the list
   */
  public record Seen(List<Warning> warnings, boolean complete) {}

  private Warnings() {}

  /**
   * The Warnings (not Notes) of the statement {@code statement} just ran on {@code c}; none, and no
   * round trip, when it left none. The driver's own list (one SHOW WARNINGS) is enough while it
   * holds only duplicate keys and harmless codes; only otherwise is SHOW WARNINGS asked again for
   * the levels, and SHOW COUNT(*) WARNINGS only when the list may have been cut at {@code
   * max_error_count}.
   */
  public static Seen of(Connection c, Statement statement) throws SQLException {
    List<Warning> warnings = new ArrayList<>();
    int listed = 0;
    boolean needLevels = false;
    for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
      listed++;
      if (w.getErrorCode() == MysqlErrors.DUPLICATE_KEY) {
        warnings.add(new Warning(w.getErrorCode(), w.getMessage()));
      } else if (!harmless(w.getErrorCode(), w.getMessage())) {
        needLevels = true; // a Note or a Warning: only the level tells
      }
    }
    if (listed == 0) {
      return new Seen(warnings, true);
    }
    statement.clearWarnings();
    try (Statement s = c.createStatement()) {
      if (needLevels) {
        warnings.clear();
        try (ResultSet rs = s.executeQuery("SHOW WARNINGS")) {
          while (rs.next()) {
            if (!"Note".equalsIgnoreCase(rs.getString(1))
                && !harmless(rs.getInt(2), rs.getString(3))) {
              warnings.add(new Warning(rs.getInt(2), rs.getString(3)));
            }
          }
        }
      }
      if (listed < DEFAULT_MAX_ERROR_COUNT) {
        return new Seen(warnings, true); // below any max_error_count: nothing was cut
      }
      try (ResultSet rs = s.executeQuery("SHOW COUNT(*) WARNINGS")) {
        rs.next();
        return new Seen(warnings, rs.getLong(1) <= listed);
      }
    }
  }

  /** MySQL's default {@code max_error_count}, the lowest a session of ours can have. */
  private static final int DEFAULT_MAX_ERROR_COUNT = 1024;
}
