package io.ghostflink.operators.jdbc;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.EnumeratedValues;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ENUM error values. A session not in strict mode stores an invalid ENUM value as the empty string,
 * the member number 0 that no member has (legacy applications run so); MySQL's own ALTER keeps it,
 * in the same ENUM or another. Strict mode, in which ghostflink writes, refuses the empty string
 * for an ENUM without such a member, so such a value is written where the statement may store it:
 * by {@code INSERT IGNORE}, or by a statement run without strict mode ({@link #relaxed}); MySQL
 * then notes "Data truncated for column … at row n" for it, and {@link #stored} tells that note
 * from one about any other value, which still stops the job.
 */
public final class EnumErrorValues {
  /** MySQL's "Data truncated for column '%s' at row %d". */
  private static final int DATA_TRUNCATED = 1265;

  private static final Pattern TRUNCATED =
      Pattern.compile("^Data truncated for column '(.*)' at row (\\d+)$", Pattern.DOTALL);

  private static final java.util.Set<String> WITH_STRICT =
      java.util.Set.of("ERROR_FOR_DIVISION_BY_ZERO", "NO_ZERO_DATE", "NO_ZERO_IN_DATE");

  private final List<String> columns;
  // for each written column: whether its values are an ENUM's text, with no empty member
  private final boolean[] errorValueColumn;
  private final boolean anyColumn;

  /**
   * @param columns the written (ghost) columns
   * @param sources the original column of each
   * @param numbered {@link EnumeratedValues#numbered}: those columns are written as numbers
   */
  public EnumErrorValues(List<String> columns, List<Column> sources, List<List<String>> numbered) {
    this.columns = List.copyOf(columns);
    this.errorValueColumn = new boolean[columns.size()];
    boolean any = false;
    for (int i = 0; i < errorValueColumn.length; i++) {
      Column source = sources.get(i);
      errorValueColumn[i] =
          source.dataType().equals("enum")
              && numbered.get(i) == null
              && !EnumeratedValues.members(source).contains("");
      any |= errorValueColumn[i];
    }
    this.anyColumn = any;
  }

  /** Whether {@code row}'s value {@code i} is an ENUM's error value. */
  private boolean errorValue(byte[][] row, int i) {
    return errorValueColumn[i] && row[i] != null && row[i].length == 0;
  }

  /** Whether any of {@code rows} holds an ENUM's error value. */
  public boolean any(List<byte[][]> rows) {
    if (!anyColumn) {
      return false;
    }
    for (byte[][] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (errorValue(row, i)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code w}, left by a statement that wrote {@code rows} in order, is MySQL's note that
   * it stored an ENUM's error value of one of them, and nothing else.
   */
  public boolean stored(Warnings.Warning w, List<byte[][]> rows) {
    if (w.code() != DATA_TRUNCATED) {
      return false;
    }
    Matcher m = TRUNCATED.matcher(w.message());
    if (!m.matches()) {
      return false;
    }
    int row = Integer.parseInt(m.group(2)) - 1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(m.group(1))) {
        return row >= 0 && row < rows.size() && errorValue(rows.get(row), i);
      }
    }
    return false;
  }

  /** {@code hint} with the statement's sql_mode set to {@code sessionMode} without strict mode. */
  public static String relaxed(String hint, String sessionMode) {
    StringBuilder mode = new StringBuilder();
    for (String part : sessionMode.split(",")) {
      // without strict mode MySQL warns of these three (3135), and they act only with it
      if (!part.isEmpty() && !part.startsWith("STRICT_") && !WITH_STRICT.contains(part)) {
        mode.append(mode.length() == 0 ? "" : ",").append(part);
      }
    }
    String setVar = "SET_VAR(sql_mode = '" + mode + "')";
    return hint.isEmpty()
        ? "/*+ " + setVar + " */ "
        : hint.substring(0, hint.lastIndexOf("*/")) + setVar + " */ ";
  }
}
