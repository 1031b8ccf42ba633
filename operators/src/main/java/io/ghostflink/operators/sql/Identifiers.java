package io.ghostflink.operators.sql;

import io.ghostflink.operators.model.TableRef;
import java.util.List;
import java.util.StringJoiner;

/** Quotes MySQL identifiers: the one function every statement builder uses. */
public final class Identifiers {
  private Identifiers() {}

  /** {@code name} in backticks, inner backticks doubled. */
  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** {@code `db`.`table`}. */
  public static String quote(TableRef table) {
    return quote(table.database()) + "." + quote(table.table());
  }

  /** Quoted names joined by ", ". */
  public static String quoteAll(List<String> names) {
    StringJoiner j = new StringJoiner(", ");
    names.forEach(n -> j.add(quote(n)));
    return j.toString();
  }

  /** {@code n} parameter markers joined by ", ". */
  public static String markers(int n) {
    StringJoiner j = new StringJoiner(", ");
    for (int i = 0; i < n; i++) {
      j.add("?");
    }
    return j.toString();
  }
}
