package io.ghostflink.operators.mapping;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.EnumeratedValues;
import io.ghostflink.operators.model.NumberText;
import io.ghostflink.operators.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which original column fills each ghost column, from the two real table definitions and
 * what the ALTER says about columns: a renamed column by its old name, a column the ALTER drops
 * (and may add again under the same name) by none, any other by its own name. Ghost columns without
 * a source (new columns) take their defaults; ghost generated columns are computed by MySQL and
 * never written.
 */
public final class ColumnMapper {
  private ColumnMapper() {}

  /**
   * @param renames old name to new name, as the ALTER's {@code CHANGE} / {@code RENAME COLUMN} say
   * @param dropped the columns the ALTER drops ({@code DROP COLUMN}); a ghost column of the same
   *     name is a new column
   */
  public static ColumnMapping map(
      TableSchema original, List<Column> ghost, Map<String, String> renames, Set<String> dropped) {
    Map<String, String> newToOld = new HashMap<>();
    Set<String> renamedAway = new TreeSet<>();
    renames.forEach(
        (from, to) -> {
          newToOld.put(lower(to), from);
          renamedAway.add(lower(from));
        });
    Set<String> droppedLower = new TreeSet<>();
    dropped.forEach(d -> droppedLower.add(lower(d)));
    List<String> ghostColumns = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    List<String> valueTypes = new ArrayList<>();
    List<String> storedTypes = new ArrayList<>();
    for (Column g : ghost) {
      String sourceName = newToOld.get(lower(g.name()));
      if (sourceName == null) {
        // a column renamed away or dropped, and a new column taking its name, are different columns
        boolean gone =
            renamedAway.contains(lower(g.name())) || droppedLower.contains(lower(g.name()));
        sourceName = gone ? null : g.name();
      }
      int source = sourceName == null ? -1 : original.indexOf(sourceName);
      if (source >= 0 && !g.generated()) {
        ghostColumns.add(g.name());
        sources.add(source);
        Column from = original.columns().get(source);
        boolean changed = !from.columnType().equalsIgnoreCase(g.columnType());
        // a TIMESTAMP into a TIMESTAMP of another precision: the instant itself (bound with its
        // offset, ColumnValues#bind), which MySQL rounds as its ALTER does; a DATETIME between
        // them would pass through the wall clock, where an autumn hour repeats
        boolean instant = from.dataType().equals("timestamp") && g.dataType().equals("timestamp");
        String valueType = changed && !instant ? valueType(from, g) : "";
        // bytes are read in their character set first (Column#carriedAsBytes)
        valueTypes.add(
            from.carriedAsBytes()
                ? (ColumnMapping.bytes(from, g) + " " + valueType).strip()
                : valueType);
        storedTypes.add(changed ? storedType(from, g) : "");
      }
    }
    return new ColumnMapping(
        ghostColumns, sources.stream().mapToInt(i -> i).toArray(), valueTypes, storedTypes);
  }

  private static final Set<String> BYTE_STRINGS =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");

  private static final Set<String> LOBS =
      Set.of(
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "tinytext",
          "text",
          "mediumtext",
          "longtext");

  /**
   * What a value of {@code from} is cast to where the ALTER makes it {@code to}: its own type
   * ({@link #castType}); but an ENUM or SET made a number travels as the number MySQL stores for it
   * (its member's position, its members' bits: {@link EnumeratedValues#number}), which MySQL's own
   * ALTER converts from, where the member's text would be refused or, for members that read as
   * numbers ({@code ENUM('0','1')}), give another number.
   */
  static String valueType(Column from, Column to) {
    boolean json = to.dataType().equals("json");
    if (to.string() && from.dataType().equals("year")) {
      // MySQL's ALTER writes a YEAR's four digits ('0000'); selected into a string column, a YEAR
      // column gives its number's text ('0')
      return NumberText.AS_STRING;
    }
    if ((to.dataType().equals("year") || to.dataType().equals("bit")) && from.floating()) {
      // MySQL's ALTER rounds the number to the nearest whole number (half to even, as ROUND does a
      // DOUBLE); a written DOUBLE is cut to its whole part (1.5 became the year 2001, not 2002,
      // and the BIT 1, not 2)
      return castType(from) + " " + ColumnMapping.ROUND;
    }
    if (to.dataType().equals("year") && from.dataType().equals("time")) {
      // MySQL's ALTER reads the TIME as its number (00:00:01 is 1, the year 2001); a written TIME
      // becomes a date of today, whose year it stored
      return castType(from) + " SIGNED";
    }
    if ((to.string() || json) && from.floating()) {
      // MySQL's ALTER writes the number's text (into JSON: reads it as a document), which MySQL
      // makes only from the column itself: the value is written as that text (NumberText); cast or
      // stored as a number, a string column takes the DOUBLE's text of another width, rounded to
      // fit a short column where the ALTER refuses the value, and a JSON column refuses it
      return NumberText.AS_STRING;
    }
    if (json && from.number()) {
      // MySQL's ALTER reads the number's text as a JSON document (1.500 is the number 1.5); a JSON
      // column refuses a number ("Invalid JSON text")
      return NumberText.AS_STRING;
    }
    if (EnumeratedValues.of(to) && from.number()) {
      // MySQL's ALTER stores the number's text: 0 (and '0000' of a YEAR) becomes the empty error
      // value an ENUM keeps as member 0 (a SET: no member), a fraction is refused; strict mode
      // refuses the number 0 itself, in every write ("Data truncated"), but not its text
      return NumberText.AS_STRING;
    }
    boolean number = to.number() || to.dataType().equals("bit");
    if (EnumeratedValues.of(from) && number) {
      return "UNSIGNED";
    }
    boolean bit = to.dataType().equals("bit");
    if (from.dataType().equals("bit") && !bit) {
      // bound as a hexadecimal literal, which a string column takes as bytes ('\x05'); MySQL's
      // ALTER converts the BIT's number ('5'), but into a BLOB or TEXT it stores the bytes
      return LOBS.contains(to.dataType()) ? "" : "UNSIGNED";
    }
    if (BYTE_STRINGS.contains(from.dataType()) && bit) {
      // as text below, the hexadecimal literal first made the string it is
      return "BINARY SIGNED";
    }
    if (BYTE_STRINGS.contains(from.dataType()) && !to.binary()) {
      // bound as a hexadecimal literal, which a number takes as a number (x'3132' is 12594);
      // MySQL's ALTER reads the bytes as a string ('12' is 12, 'ab' is refused)
      return "BINARY";
    }
    if (from.dataType().equals("json") && to.temporal() && !to.dataType().equals("year")) {
      // MySQL's ALTER reads the document's text as a date or time (1 is 00:00:01, "12:00" with its
      // quotes is refused), where a written document is refused ("Invalid JSON value for CAST")
      return "JSON CHAR";
    }
    if (from.temporal() && bit) {
      // MySQL's ALTER stores the date's or time's number (00:00:01.50 is 2), where a written TIME
      // would store its text's bytes
      return (castType(from) + " SIGNED").strip();
    }
    if (from.dataType().equals("json") && bit) {
      // MySQL's ALTER reads the document as an integer (1 and true are 1, "abc" is refused), where
      // a write would store its text's bytes
      return "JSON SIGNED";
    }
    if (from.collated() && bit) {
      // MySQL's ALTER reads the text as a signed integer ('65' is 0x41, '18446744073709551615' is
      // refused), where a write would store its bytes
      return "SIGNED";
    }
    return castType(from);
  }

  /**
   * The SQL type(s) a value of {@code from} is cast to, in order, to compare it with what the ghost
   * column {@code to} stores: {@code to}'s own type; but a time with a fraction made a DATE is
   * first rounded to its second, as MySQL rounds it on the way ('2020-01-02 23:59:59.999' is stored
   * as 2020-01-03, where a cast to DATE cuts it to 2020-01-02).
   */
  static String storedType(Column from, Column to) {
    String type = castType(to);
    boolean fraction = castType(from).matches("(DATETIME|TIME)\\([1-9]\\)");
    if (type.equals("DATE") && fraction) {
      return castType(from).replaceAll("\\(\\d\\)", "(0)") + " " + type;
    }
    return type;
  }

  /**
   * The SQL type a value of {@code column} is cast to where the ALTER changes a column's type:
   * values travel as text, and MySQL must convert the original's value, not its text, as its own
   * ALTER would (a DOUBLE into a DECIMAL rounds the binary value; a DATETIME into a VARCHAR is
   * written without a fraction it does not have). Strings, ENUM, SET, BIT, YEAR and spatial values
   * travel in a form MySQL converts alike: none.
   */
  static String castType(Column column) {
    String t = column.columnType().toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\((\\d+)(?:,(\\d+))?\\)").matcher(t);
    boolean sized = m.find();
    return switch (column.dataType()) {
      case "float" -> "FLOAT";
      case "double" -> "DOUBLE";
      case "decimal" ->
          "DECIMAL("
              + (sized ? m.group(1) : "10")
              + ","
              + (sized && m.group(2) != null ? m.group(2) : "0")
              + ")";
      case "tinyint", "smallint", "mediumint", "int", "bigint" ->
          t.contains("unsigned") ? "UNSIGNED" : "SIGNED";
      case "datetime", "timestamp" -> "DATETIME(" + (sized ? m.group(1) : "0") + ")";
      case "time" -> "TIME(" + (sized ? m.group(1) : "0") + ")";
      case "date" -> "DATE";
      case "json" -> "JSON";
      default -> "";
    };
  }

  /** The original's columns that no ghost column takes its values from (dropped by the ALTER). */
  public static List<String> unmapped(TableSchema original, ColumnMapping mapping) {
    boolean[] used = new boolean[original.columns().size()];
    for (int i : mapping.sourceColumns()) {
      used[i] = true;
    }
    List<String> dropped = new ArrayList<>();
    for (int i = 0; i < used.length; i++) {
      if (!used[i] && !original.columns().get(i).generated()) {
        dropped.add(original.columns().get(i).name());
      }
    }
    return dropped;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
