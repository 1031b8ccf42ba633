package io.ghostflink.operators.source;

import io.debezium.connector.mysql.antlr.MySqlAntlrDdlParser;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.EnumeratedValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ENUM and SET values as the table defines them. The binlog carries an ENUM value as its member's
 * number and a SET value as a bit per member; Debezium names them from the members it parsed out of
 * the table's DDL, and its text of a member is not always the member: a comma gains a backslash
 * ({@code '1,000+'} arrives as {@code 1\,000+}), and MySQL's escapes ({@code \\}, {@code \n}) stay
 * escaped. The ghost table refused such a value, or a VARCHAR took the wrong text. Each of
 * Debezium's texts is mapped back to the member at the same position, read from the column's
 * definition as MySQL writes it (information_schema's COLUMN_TYPE, the text Debezium parses).
 */
final class EnumMembers {
  private static final Map<String, Map<String, String>> BY_TYPE = new ConcurrentHashMap<>();

  private EnumMembers() {}

  /** The ENUM member Debezium delivers as {@code text}. */
  static String member(Column column, String text) {
    return members(column).getOrDefault(text, text);
  }

  /** The SET value Debezium delivers as {@code text}: its members joined by commas. */
  static String setMembers(Column column, String text) {
    if (text.isEmpty()) {
      return text;
    }
    Map<String, String> members = members(column);
    // a SET member holds no comma (MySQL refuses one), so Debezium's join splits back exactly
    String[] parts = text.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = members.getOrDefault(parts[i], parts[i]);
    }
    return String.join(",", parts);
  }

  private static Map<String, String> members(Column column) {
    return BY_TYPE.computeIfAbsent(column.columnType(), EnumMembers::byDebeziumText);
  }

  /**
   * Debezium's text of each member to the member, for a definition such as {@code enum('a','b')}.
   */
  static Map<String, String> byDebeziumText(String columnType) {
    List<String> literals = EnumeratedValues.literals(columnType);
    List<String> texts = MySqlAntlrDdlParser.extractEnumAndSetOptions(literals);
    Map<String, String> byText = new HashMap<>();
    for (int i = 0; i < literals.size(); i++) {
      String member = EnumeratedValues.unquote(literals.get(i));
      String earlier = byText.putIfAbsent(texts.get(i), member);
      if (earlier != null && !earlier.equals(member)) {
        throw new IllegalStateException(
            "the binlog reader cannot tell the members '"
                + earlier
                + "' and '"
                + member
                + "' of "
                + columnType
                + " apart");
      }
    }
    return byText;
  }
}
