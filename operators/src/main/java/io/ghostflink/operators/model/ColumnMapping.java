package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.List;

/**
 * Which original column fills each ghost column: shared columns by name, renamed columns by the
 * ALTER's {@code CHANGE old new}; ghost columns without a source take their defaults and are not
 * listed; generated columns are never written.
 *
 * @param ghostColumns the ghost table's written columns
 * @param sourceColumns for each ghost column, its original column's position in the original
 *     table's {@link TableSchema#columns()}
 * @param valueTypes for each ghost column whose type the ALTER changes, the SQL type its value is
 *     first cast to (the original's, e.g. {@code DOUBLE}), so that MySQL converts it to the new
 *     type as its own ALTER would, not from its text ({@code UNSIGNED} for an ENUM or SET made a
 *     number, whose value then travels as the number MySQL stores, {@link EnumeratedValues}); two
 *     or more types, separated by a space, are cast to in turn, and {@link #ROUND} rounds; else
 *     empty
 * @param storedTypes for each ghost column whose type the ALTER changes to a number or a time, the
 *     SQL type(s) a value is cast to to compare it with what the ghost column stores ({@link
 *     #cast}); else empty
 */
public record ColumnMapping(
    List<String> ghostColumns,
    int[] sourceColumns,
    List<String> valueTypes,
    List<String> storedTypes)
    implements Serializable {
  public ColumnMapping {
    ghostColumns = List.copyOf(ghostColumns);
    sourceColumns = sourceColumns.clone();
    valueTypes = List.copyOf(valueTypes);
    storedTypes = List.copyOf(storedTypes);
    if (ghostColumns.size() != sourceColumns.length
        || valueTypes.size() != sourceColumns.length
        || storedTypes.size() != sourceColumns.length) {
      throw new IllegalArgumentException("one source column and value type per ghost column");
    }
  }

  /** A mapping where no value needs a cast. */
  public ColumnMapping(List<String> ghostColumns, int[] sourceColumns) {
    this(
        ghostColumns,
        sourceColumns,
        java.util.Collections.nCopies(sourceColumns.length, ""),
        java.util.Collections.nCopies(sourceColumns.length, ""));
  }

  /**
   * The SQL expression of ghost column {@code i}'s value as the ghost column stores it, to find
   * rows holding it: {@link #valueExpression} cast again to the ghost column's type where that is a
   * number or a time (a DATETIME(6) value rounded to a DATETIME's whole second, say).
   */
  public String storedExpression(int i) {
    String[] bytes = bytesOf(valueTypes.get(i));
    if (bytes != null
        && bytes[3].isEmpty()
        && storedTypes.get(i).isEmpty()
        && !bytes[2].isEmpty()) {
      // a string into a string: in the ghost column's character set and collation
      return ColumnValues.placeholder(bytes[0], bytes[1], bytes[2]);
    }
    return cast(valueExpression(i), storedTypes.get(i));
  }

  /**
   * The first word of the value type of a value carried as bytes ({@link Column#carriedAsBytes}):
   * {@code BYTES:charset:ghost charset:ghost collation} (the ghost's empty where its column holds
   * no characters), cast as the bytes read in that character set ({@code CONVERT(? USING
   * charset)}), from which MySQL converts them as its ALTER would.
   */
  public static final String BYTES = "BYTES:";

  /** The value type word of {@code from}'s bytes made {@code to} ({@link #BYTES}). */
  public static String bytes(Column from, Column to) {
    // an ENUM or SET has a collation but no character set of its own to convert to here
    String charset = to.charset();
    return BYTES + from.charset() + ":" + charset + ":" + (charset.isEmpty() ? "" : to.collation());
  }

  /**
   * For each of {@code original}'s row key columns, what its value is compared with the ghost
   * column it fills as: {@code ?}; but bytes ({@link Column#carriedAsBytes}) read in their
   * character set, converted to the ghost column's and in its collation ({@link
   * ColumnValues#placeholder}).
   */
  public List<String> ghostKeyPlaceholders(TableSchema original) {
    List<String> placeholders = new java.util.ArrayList<>();
    for (int k : original.keyColumns()) {
      String placeholder = "?";
      for (int i = 0; i < sourceColumns.length; i++) {
        String[] bytes = sourceColumns[i] == k ? bytesOf(valueTypes.get(i)) : null;
        if (bytes != null) {
          placeholder = ColumnValues.placeholder(bytes[0], bytes[1], bytes[2]);
          break;
        }
      }
      placeholders.add(placeholder);
    }
    return placeholders;
  }

  // the charset, ghost charset and ghost collation of a value type that begins with BYTES, and
  // the types after it; else null
  private static String[] bytesOf(String types) {
    if (!types.startsWith(BYTES)) {
      return null;
    }
    int space = types.indexOf(' ');
    String word = space < 0 ? types : types.substring(0, space);
    String[] parts = word.substring(BYTES.length()).split(":", -1);
    return new String[] {parts[0], parts[1], parts[2], space < 0 ? "" : types.substring(space + 1)};
  }

  /**
   * The SQL expression a ghost column's value is written as: {@code ?} or {@code CAST(? AS T)}; a
   * value type of two names casts twice ({@code BINARY SIGNED}: {@code CAST(CAST(? AS BINARY) AS
   * SIGNED)}).
   */
  public String valueExpression(int i) {
    return cast("?", valueTypes.get(i));
  }

  /**
   * {@code expression} cast to each of {@code types} in turn ({@code BINARY SIGNED}: {@code
   * CAST(CAST(e AS BINARY) AS SIGNED)}), or rounded where a type is {@link #ROUND}; none: as it is.
   */
  public static String cast(String expression, String types) {
    String cast = expression;
    for (String type : types.split(" ")) {
      if (type.equals(ROUND)) {
        cast = "ROUND(" + cast + ")";
      } else if (type.startsWith(BYTES)) {
        cast = "CONVERT(" + cast + " USING " + bytesOf(type)[0] + ")";
      } else if (!type.isEmpty()) {
        cast = "CAST(" + cast + " AS " + type + ")";
      }
    }
    return cast;
  }

  /**
   * The last word of a value type whose value is rounded to a whole number after its cast: {@code
   * DOUBLE ROUND} is {@code ROUND(CAST(? AS DOUBLE))}, and in a server-side copy {@code ROUND(c)}.
   */
  public static final String ROUND = "ROUND";

  /**
   * What a server-side copy ({@code INSERT … SELECT}) selects for each ghost column from {@code
   * original}'s columns: the column itself, MySQL converting it as its ALTER would; but a TIMESTAMP
   * into a TIMESTAMP of another precision as the instant it is, UTC text with its offset. MySQL
   * copies a TIMESTAMP into a TIMESTAMP of another size through the wall clock of the statement's
   * zone (the server's, {@code ServerAddress#zoneHint}), and in a zone with daylight saving time
   * the hour repeated in autumn becomes one hour (measured on 8.0.31; its own ALTER moves them too,
   * and a copy into the same type too under {@code NO_ZERO_DATE}, which ghostflink's sessions leave
   * out).
   */
  public List<String> copiedExpressions(TableSchema original) {
    List<String> copied = new java.util.ArrayList<>();
    for (int i = 0; i < sourceColumns.length; i++) {
      Column source = original.columns().get(sourceColumns[i]);
      String column = io.ghostflink.operators.sql.Identifiers.quote(source.name());
      boolean resized =
          source.dataType().equals("timestamp")
              && valueTypes.get(i).isEmpty()
              && !storedTypes.get(i).isEmpty();
      // a server-side copy selects the column itself, not bytes
      String[] bytes = bytesOf(valueTypes.get(i));
      String type = bytes == null ? valueTypes.get(i) : bytes[3];
      boolean asText =
          (type.equals(NumberText.AS_STRING) && source.number())
              || type.endsWith(" " + NumberText.AS_STRING);
      if (asText) {
        // a number made a string, JSON, an ENUM or a SET, a JSON document made a date or time: its
        // text, as MySQL's ALTER writes or reads it; inserted as a number, a string column takes
        // the DOUBLE's text (of a FLOAT too) rounded to its width, a JSON column refuses it, and
        // strict mode refuses an ENUM's 0 (ColumnMapper#valueType)
        copied.add("CAST(" + column + " AS CHAR)");
        continue;
      }
      if (source.floating() && (type.equals("FLOAT") || type.equals("DOUBLE"))) {
        // selected into a FLOAT(7,2) or DOUBLE(9,3), a FLOAT or DOUBLE column keeps its digits
        // (0.1111111 where MySQL's copying ALTER, and the apply, store 0.11); the number does not
        copied.add("CAST(" + column + " AS " + type + ")");
        continue;
      }
      if (type.endsWith(" " + ROUND)) {
        // a FLOAT or DOUBLE made a YEAR or BIT: rounded as MySQL's ALTER rounds it (ColumnMapper)
        copied.add("ROUND(" + column + ")");
        continue;
      }
      if (source.dataType().equals("date") && NUMBERS.matcher(storedTypes.get(i)).matches()) {
        // selected into a number, a DATE column gives the number of its midnight (20200102000000,
        // out of an INT's range); MySQL's ALTER and the DATE itself give 20200102
        copied.add("CAST(" + column + " AS DATE)");
        continue;
      }
      boolean asInteger = type.equals("SIGNED") || type.endsWith(" SIGNED");
      if (!source.integer() && !source.temporal() && asInteger) {
        // text, bytes or JSON made a BIT: as its integer, as MySQL's ALTER reads it
        // (ColumnMapper#valueType); a TIME made a YEAR is read so by the column itself
        copied.add("CAST(" + column + " AS SIGNED)");
        continue;
      }
      copied.add(
          resized
              ? "IF(UNIX_TIMESTAMP("
                  + column
                  + ") = 0, "
                  + column
                  + ", CONCAT(DATE_ADD('1970-01-01', INTERVAL UNIX_TIMESTAMP("
                  + column
                  + ") SECOND), '+00:00'))"
              : column);
    }
    return copied;
  }

  private static final java.util.regex.Pattern NUMBERS =
      java.util.regex.Pattern.compile("SIGNED|UNSIGNED|FLOAT|DOUBLE|DECIMAL\\(.*");

  @Override
  public int[] sourceColumns() {
    return sourceColumns.clone();
  }

  /** The ghost row's values, in {@link #ghostColumns()} order, from an original row. */
  public byte[][] map(byte[][] originalRow) {
    byte[][] ghost = new byte[sourceColumns.length][];
    for (int i = 0; i < sourceColumns.length; i++) {
      ghost[i] = originalRow[sourceColumns[i]];
    }
    return ghost;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnMapping
        && ((ColumnMapping) o).ghostColumns.equals(ghostColumns)
        && java.util.Arrays.equals(((ColumnMapping) o).sourceColumns, sourceColumns)
        && ((ColumnMapping) o).valueTypes.equals(valueTypes)
        && ((ColumnMapping) o).storedTypes.equals(storedTypes);
  }

  @Override
  public int hashCode() {
    return ghostColumns.hashCode() * 31 + java.util.Arrays.hashCode(sourceColumns);
  }
}
