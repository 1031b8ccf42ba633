package io.ghostflink.operators.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of an ENUM or SET column, read from its definition as MySQL writes it
 * (information_schema's {@code COLUMN_TYPE}, as {@code SHOW CREATE TABLE}: {@code
 * enum('a,b','it''s', 'C:\\temp')}), and the numbers MySQL stores for its values: an ENUM value is
 * its member's position from 1 (0 for the empty error value a non-strict session stores for an
 * invalid one), a SET value one bit per member. MySQL's own ALTER converts an ENUM or SET into a
 * number (any integer, DECIMAL, FLOAT, DOUBLE, BIT or YEAR) from that number, not from the member's
 * text: {@code ENUM('0','1')} into TINYINT gives 1 and 2.
 */
public final class EnumeratedValues {
  private EnumeratedValues() {}

  /** Whether {@code column} is an ENUM or a SET. */
  public static boolean of(Column column) {
    return column.dataType().equals("enum") || column.dataType().equals("set");
  }

  /** The quoted members of {@code enum(…)} or {@code set(…)}, as written. */
  public static List<String> literals(String columnType) {
    int open = columnType.indexOf('(');
    if (open < 0 || !columnType.endsWith(")")) {
      throw new IllegalArgumentException("not an ENUM or SET definition: " + columnType);
    }
    List<String> literals = new ArrayList<>();
    int i = open + 1;
    int end = columnType.length() - 1;
    while (i < end) {
      if (columnType.charAt(i) != '\'') {
        throw new IllegalArgumentException("not an ENUM or SET definition: " + columnType);
      }
      int j = i + 1;
      while (true) {
        char c = columnType.charAt(j);
        if (c == '\\' || (c == '\'' && columnType.charAt(j + 1) == '\'')) {
          j += 2; // an escape, or a doubled quote
        } else if (c == '\'') {
          break;
        } else {
          j++;
        }
      }
      literals.add(columnType.substring(i, j + 1));
      i = j + 1;
      if (i < end && columnType.charAt(i) == ',') {
        i++;
      }
    }
    return literals;
  }

  /** The string a quoted SQL literal stands for, with MySQL's escapes. */
  public static String unquote(String literal) {
    StringBuilder out = new StringBuilder(literal.length());
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '\'') {
        i++; // a doubled quote
        out.append('\'');
      } else if (c == '\\') {
        char e = literal.charAt(++i);
        switch (e) {
          case '0' -> out.append('\0');
          case 'b' -> out.append('\b');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'Z' -> out.append('\u001A');
          case '%', '_' -> out.append('\\').append(e); // LIKE's escapes keep their backslash
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The members of an ENUM or SET column, in order. */
  public static List<String> members(Column column) {
    return literals(column.columnType()).stream().map(EnumeratedValues::unquote).toList();
  }

  /**
   * The number MySQL stores for {@code value} (as the job encodes it) of the ENUM or SET column
   * with {@code members}, as text; null for NULL. A value that is no member's is returned as it is,
   * for MySQL to refuse.
   */
  public static byte[] number(Column column, List<String> members, byte[] value) {
    if (value == null) {
      return null;
    }
    String text = ColumnValues.asText(value);
    if (column.dataType().equals("enum")) {
      int position = members.indexOf(text);
      if (position >= 0) {
        return ColumnValues.text(Integer.toString(position + 1));
      }
      return text.isEmpty() ? ColumnValues.text("0") : value; // the error value
    }
    if (text.isEmpty()) {
      return ColumnValues.text("0");
    }
    long bits = 0;
    for (String member : text.split(",", -1)) {
      int position = members.indexOf(member);
      if (position < 0) {
        return value;
      }
      bits |= 1L << position;
    }
    return ColumnValues.text(Long.toUnsignedString(bits));
  }

  /**
   * For each ghost column of {@code mapping} (with {@code sources}, the original column of each),
   * the members of an ENUM or SET the ALTER makes a number (the mapping casts its value), else
   * null.
   */
  public static List<List<String>> numbered(ColumnMapping mapping, List<Column> sources) {
    List<List<String>> numbered = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      boolean cast = !mapping.valueTypes().get(i).isEmpty();
      numbered.add(cast && of(sources.get(i)) ? members(sources.get(i)) : null);
    }
    return numbered;
  }

  /** Replaces, in a ghost row, the values of the {@link #numbered} columns by their numbers. */
  public static void number(List<List<String>> numbered, List<Column> sources, byte[][] row) {
    for (int i = 0; i < row.length; i++) {
      if (numbered.get(i) != null) {
        row[i] = number(sources.get(i), numbered.get(i), row[i]);
      }
    }
  }
}
