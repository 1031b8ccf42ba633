package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One column of a table as information_schema describes it: its type, and what kind of column it
 * is. A column whose default is an expression ({@code DEFAULT CURRENT_TIMESTAMP}) is an ordinary,
 * written column; only a generated column ({@code AS (…) VIRTUAL|STORED}) is computed by MySQL.
 *
 * @param name the column name
 * @param dataType information_schema DATA_TYPE, lower case (e.g. {@code varchar}, {@code json})
 * @param columnType information_schema COLUMN_TYPE (e.g. {@code decimal(10,2) unsigned})
 * @param nullable whether it accepts NULL
 * @param generation whether MySQL computes it, and how
 * @param expression the generation expression of a generated column, else empty
 * @param collation the collation of a string column, else empty
 * @param defaultExpression whether its default is an expression ({@code DEFAULT_GENERATED}), which
 *     MySQL evaluates per row
 * @param onUpdate whether MySQL sets it on update ({@code ON UPDATE CURRENT_TIMESTAMP})
 * @param autoIncrement whether MySQL numbers it ({@code AUTO_INCREMENT})
 * @param defaultValue its default as information_schema shows it; null for NULL or none
 */
public record Column(
    String name,
    String dataType,
    String columnType,
    boolean nullable,
    Generation generation,
    String expression,
    String collation,
    boolean defaultExpression,
    boolean onUpdate,
    boolean autoIncrement,
    String defaultValue)
    implements Serializable {

  /** How MySQL fills a column. */
  public enum Generation {
    /** An ordinary column: written by statements. */
    NONE,
    /** {@code GENERATED ALWAYS AS (…) STORED}: computed on write, stored in the row. */
    STORED,
    /** {@code GENERATED ALWAYS AS (…) VIRTUAL}: computed on read. */
    VIRTUAL
  }

  private static final Set<String> BINARY_TYPES =
      Set.of(
          "binary",
          "varbinary",
          "tinyblob",
          "blob",
          "mediumblob",
          "longblob",
          "bit",
          "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection");

  private static final Set<String> BYTE_STRING_TYPES =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");

  private static final Set<String> CHARACTER_TYPES =
      Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");

  private static final Set<String> TEMPORAL_TYPES =
      Set.of("date", "datetime", "timestamp", "time", "year");

  private static final List<String> INTEGER_TYPES =
      List.of("tinyint", "smallint", "mediumint", "int", "bigint");

  public Column {
    dataType = dataType.toLowerCase(Locale.ROOT);
    expression = expression == null ? "" : expression;
    collation = collation == null ? "" : collation;
  }

  /** An ordinary column with a literal default (or none): what most tests need. */
  public static Column of(String name, String dataType, String columnType, boolean nullable) {
    return new Column(
        name, dataType, columnType, nullable, Generation.NONE, "", "", false, false, false, null);
  }

  /**
   * Reads a column from information_schema.COLUMNS: {@code extra} is its EXTRA (e.g. {@code STORED
   * GENERATED}, {@code DEFAULT_GENERATED on update CURRENT_TIMESTAMP}).
   */
  public static Column fromInformationSchema(
      String name,
      String dataType,
      String columnType,
      boolean nullable,
      String extra,
      String generationExpression,
      String collation,
      String defaultValue) {
    String e = extra == null ? "" : extra.toUpperCase(Locale.ROOT);
    Generation generation =
        e.contains("STORED GENERATED")
            ? Generation.STORED
            : e.contains("VIRTUAL GENERATED") ? Generation.VIRTUAL : Generation.NONE;
    return new Column(
        name,
        dataType,
        columnType,
        nullable,
        generation,
        generation == Generation.NONE ? "" : generationExpression,
        collation,
        e.contains("DEFAULT_GENERATED"),
        e.contains("ON UPDATE"),
        e.contains("AUTO_INCREMENT"),
        defaultValue);
  }

  /** Whether MySQL computes the column: it is never written. */
  public boolean generated() {
    return generation != Generation.NONE;
  }

  /** The position of the column named {@code name} (case-insensitive) in {@code columns}, or -1. */
  public static int indexOf(List<Column> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A character or byte string type: CHAR, VARCHAR, TEXT, BINARY, VARBINARY, BLOB and kin. */
  public boolean string() {
    return CHARACTER_TYPES.contains(dataType) || BYTE_STRING_TYPES.contains(dataType);
  }

  /** One of MySQL's integer types, signed or not. */
  public boolean integer() {
    return INTEGER_TYPES.contains(dataType);
  }

  /** A FLOAT or DOUBLE. */
  public boolean floating() {
    return dataType.equals("float") || dataType.equals("double");
  }

  /**
   * A number whose text MySQL's ALTER writes where it makes the column a string or reads where it
   * makes it JSON: an integer, DECIMAL, FLOAT, DOUBLE or YEAR.
   */
  public boolean number() {
    return integer() || floating() || dataType.equals("decimal") || dataType.equals("year");
  }

  /** Values travel as raw bytes rather than UTF-8 text. */
  public boolean binary() {
    return BINARY_TYPES.contains(dataType);
  }

  /**
   * A character column with a collation: MySQL compares its values by that collation, so two
   * different strings can be one key value ({@code 'abc'}, {@code 'ABC'} and {@code 'abc '} in a
   * case-insensitive PAD SPACE collation).
   */
  public boolean collated() {
    return CHARACTER_TYPES.contains(dataType) && !collation.isEmpty();
  }

  /**
   * The character set of a character column ({@code cp1251} of {@code cp1251_general_ci}, {@code
   * utf8mb3} of MySQL 5.7's {@code utf8_general_ci}), else empty.
   */
  public String charset() {
    if (!collated()) {
      return "";
    }
    String lower = collation.toLowerCase(Locale.ROOT);
    int end = lower.indexOf('_');
    String charset = end < 0 ? lower : lower.substring(0, end);
    return charset.equals("utf8") ? "utf8mb3" : charset;
  }

  /**
   * A character column whose values travel as the bytes MySQL stores, labelled with its character
   * set where they are written or compared ({@link ColumnValues#placeholder}), rather than as
   * Unicode text: every character set but utf8mb4 and utf8mb3. Java's tables for the others differ
   * from MySQL's (Java's EUC-KR reads half of MySQL's euckr characters otherwise, Java's Shift_JIS
   * reads sjis 0x815C as U+2014 where MySQL has U+2015, armscii8 and five others have no Java
   * charset at all, and a leading U+FEFF of a ucs2, utf16 or utf32 value is read as a byte order
   * mark), and MySQL's own conversion to Unicode is lossy where a byte has no character (cp1251
   * 0x98, stored as it is but converted to {@code ?}) or two bytes have one (sjis 0x815F and 0x5C):
   * MySQL's ALTER keeps those bytes.
   */
  public boolean carriedAsBytes() {
    String charset = charset();
    return !charset.isEmpty() && !charset.equals("utf8mb4") && !charset.equals("utf8mb3");
  }

  /**
   * A date or time type: its values must be read as the text MySQL sends ({@code -00:24:59}, {@code
   * 0000-00-00}, {@code 2000} for a YEAR), which the driver's own conversions change.
   */
  public boolean temporal() {
    return TEMPORAL_TYPES.contains(dataType);
  }

  /**
   * Whether {@code ghost}, holding this column's values, tells rows apart exactly as this column
   * does: the same value stays the same value, and two different values stay different. True for
   * the same type and collation, for a wider integer of the same signedness, and for a longer or
   * shorter (var)char or varbinary of the same collation (a value that does not fit fails the copy
   * anyway). Anything else (another collation, a shorter fraction of seconds, another type) may
   * make two rows' values equal. A generated column also needs the same expression.
   */
  public boolean keepsIdentityIn(Column ghost) {
    if (generated() != ghost.generated()) {
      return false;
    }
    if (generated() && !expression.equals(ghost.expression)) {
      return false;
    }
    if (!collation.equals(ghost.collation)) {
      return false;
    }
    String mine = baseType(columnType);
    String theirs = baseType(ghost.columnType);
    if (mine.equals(theirs)) {
      return true;
    }
    if (INTEGER_TYPES.contains(dataType) && INTEGER_TYPES.contains(ghost.dataType)) {
      boolean unsigned = unsigned(columnType);
      boolean ghostUnsigned = unsigned(ghost.columnType);
      int width = INTEGER_TYPES.indexOf(dataType);
      int ghostWidth = INTEGER_TYPES.indexOf(ghost.dataType);
      return unsigned == ghostUnsigned ? ghostWidth >= width : unsigned && ghostWidth > width;
    }
    boolean sameStringKind =
        dataType.equals(ghost.dataType)
            && (dataType.equals("varchar")
                || dataType.equals("char")
                || dataType.equals("varbinary"));
    return sameStringKind;
  }

  // "int(11) unsigned zerofill" -> "int unsigned": display widths do not change values
  private static String baseType(String columnType) {
    String t = columnType.toLowerCase(Locale.ROOT).replace(" zerofill", "");
    return t.matches("(tinyint|smallint|mediumint|int|bigint)\\(\\d+\\).*")
        ? t.replaceFirst("\\(\\d+\\)", "")
        : t;
  }

  private static boolean unsigned(String columnType) {
    return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
  }
}
