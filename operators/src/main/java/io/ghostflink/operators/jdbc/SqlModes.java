package io.ghostflink.operators.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code sql_mode} of every session ghostflink opens: the server's own modes (so values convert
 * as the application's and a DBA's ALTER would convert them), plus strict mode for every table (an
 * invalid value is an error, never a silent change), plus {@code NO_AUTO_VALUE_ON_ZERO} (a key 0 is
 * stored as 0, not as the next auto-increment value), minus {@code NO_ZERO_DATE} and {@code
 * NO_ZERO_IN_DATE}: those refuse zero dates as new input, but a zero date a table holds (or has as
 * its default) is a value to keep as it is, which MySQL's own in-place ALTER keeps too. (gh-ost
 * needs {@code --allow-zero-in-date} for this.)
 *
 * <p>Two of the server's modes change only how a statement is written, not how a value converts:
 * {@code ANSI_QUOTES} (a double-quoted text is a name, and {@code SHOW CREATE TABLE} quotes names
 * so) and {@code NO_BACKSLASH_ESCAPES} (a backslash in a string is itself). ghostflink's own
 * statements, and its reading of {@code SHOW CREATE TABLE}, are written for MySQL's usual syntax,
 * so its sessions leave those out; the user's ALTER is run in them ({@link #syntaxOf}), read as a
 * DBA's session would read it. The names of several modes at once ({@code TRADITIONAL}, {@code
 * ANSI}), which MySQL lists beside the modes they stand for, are left out too: kept, {@code
 * TRADITIONAL} brought back the zero-date modes left out above.
 */
public final class SqlModes {
  static final String STRICT = "STRICT_ALL_TABLES";
  static final String NO_AUTO_VALUE_ON_ZERO = "NO_AUTO_VALUE_ON_ZERO";
  static final List<String> ZERO_DATE_MODES = List.of("NO_ZERO_DATE", "NO_ZERO_IN_DATE");
  static final List<String> SYNTAX_MODES = List.of("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES");
  static final List<String> COMBINATION_MODES = List.of("ANSI", "TRADITIONAL");

  private SqlModes() {}

  /** The sessions' mode, from the server's {@code @@GLOBAL.sql_mode}. */
  public static String forWrites(String globalMode) {
    List<String> modes = new ArrayList<>();
    for (String mode : modes(globalMode)) {
      if (!modes.contains(mode)
          && !ZERO_DATE_MODES.contains(mode)
          && !SYNTAX_MODES.contains(mode)
          && !COMBINATION_MODES.contains(mode)) {
        modes.add(mode);
      }
    }
    for (String add : List.of(STRICT, NO_AUTO_VALUE_ON_ZERO)) {
      if (!modes.contains(add)) {
        modes.add(add);
      }
    }
    return String.join(",", modes);
  }

  /**
   * The modes of {@code globalMode} that change how a statement is read ({@code ANSI_QUOTES},
   * {@code NO_BACKSLASH_ESCAPES}), which ghostflink's sessions leave out, comma-separated: the
   * user's ALTER is read in them, as a DBA's session reads it ({@code DEFAULT 'C:\\temp'} is {@code
   * C:\\temp} under {@code NO_BACKSLASH_ESCAPES}).
   */
  public static String syntaxOf(String globalMode) {
    List<String> syntax = new ArrayList<>();
    for (String mode : modes(globalMode)) {
      if (SYNTAX_MODES.contains(mode) && !syntax.contains(mode)) {
        syntax.add(mode);
      }
    }
    return String.join(",", syntax);
  }

  private static List<String> modes(String mode) {
    List<String> modes = new ArrayList<>();
    for (String m : Arrays.asList(mode == null ? new String[0] : mode.split(","))) {
      String name = m.strip().toUpperCase(Locale.ROOT);
      if (!name.isEmpty()) {
        modes.add(name);
      }
    }
    return modes;
  }
}
