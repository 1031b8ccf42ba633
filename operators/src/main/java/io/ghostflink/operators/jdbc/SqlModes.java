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
 */
public final class SqlModes {
  static final String STRICT = "STRICT_ALL_TABLES";
  static final String NO_AUTO_VALUE_ON_ZERO = "NO_AUTO_VALUE_ON_ZERO";
  static final List<String> ZERO_DATE_MODES = List.of("NO_ZERO_DATE", "NO_ZERO_IN_DATE");

  private SqlModes() {}

  /** The sessions' mode, from the server's {@code @@GLOBAL.sql_mode}. */
  public static String forWrites(String globalMode) {
    List<String> modes = new ArrayList<>();
    for (String m : Arrays.asList(globalMode == null ? new String[0] : globalMode.split(","))) {
      String mode = m.strip().toUpperCase(Locale.ROOT);
      if (!mode.isEmpty() && !modes.contains(mode) && !ZERO_DATE_MODES.contains(mode)) {
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
}
