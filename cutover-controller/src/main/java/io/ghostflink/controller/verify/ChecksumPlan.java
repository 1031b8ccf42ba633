package io.ghostflink.controller.verify;

import static io.ghostflink.operators.sql.Identifiers.quote;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.EnumeratedValues;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import io.ghostflink.operators.sql.VerifySql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the checksum before a swap compares: for every ghost column filled from an original column,
 * an expression on each side whose bytes must be equal; along the original's key, which the ghost
 * table must have too (same name, same columns) so that both sides are read range by range.
 *
 * <p>A column whose type the ALTER keeps is compared as it is stored. A changed column is compared
 * where MySQL can say exactly what the ghost column holds: numbers, times and JSON cast to the
 * ghost column's type on both sides (as the recheck finds rows, {@link
 * ColumnMapping#storedExpression}); strings (and ENUM labels) converted to the ghost column's
 * character set (a CHAR without trailing spaces, as MySQL reads it back). Any other type change (a
 * SET redefined, whose text follows its definition's order, say) is listed as not compared, never
 * guessed: a wrong guess would stop a correct migration.
 *
 * @param keyName the index both sides are read by
 * @param keyColumns the key's columns (the original's)
 * @param ghostKeyColumns the ghost's columns of the same names (another character set or collation
 *     maybe), which the ghost side's ranges compare
 * @param compared the ghost columns compared
 * @param originalValues the original's expressions, one per compared column
 * @param ghostValues the ghost's expressions, one per compared column
 * @param skipped the ghost columns left out, each with why
 * @param unusable why no checksum is possible, or null
 */
public record ChecksumPlan(
    String keyName,
    List<Column> keyColumns,
    List<Column> ghostKeyColumns,
    List<String> compared,
    List<String> originalValues,
    List<String> ghostValues,
    List<String> skipped,
    String unusable) {

  private static final Set<String> TEXT =
      Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set");
  private static final Set<String> VARIABLE_BYTES =
      Set.of("varbinary", "tinyblob", "blob", "mediumblob", "longblob");

  private static final java.util.regex.Pattern TIMES =
      java.util.regex.Pattern.compile("(DATE|DATETIME|TIME)(\\(\\d\\))?");

  /**
   * Plans the comparison of {@code original} with a ghost table of {@code ghostColumns} and unique
   * keys {@code ghostKeys}, filled as {@code mapping} says.
   */
  public static ChecksumPlan of(
      TableSchema original,
      List<Column> ghostColumns,
      List<UniqueKey> ghostKeys,
      ColumnMapping mapping) {
    List<String> key = original.key().columns();
    boolean keyed =
        ghostKeys.stream()
            .anyMatch(
                k ->
                    k.name().equalsIgnoreCase(original.keyName())
                        && k.wholeColumns()
                        && lower(k.columns()).equals(lower(key)));
    int[] sources = mapping.sourceColumns();
    List<String> compared = new ArrayList<>();
    List<String> originalValues = new ArrayList<>();
    List<String> ghostValues = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Column g : ghostColumns) {
      int i = indexOf(mapping.ghostColumns(), g.name());
      if (i < 0) {
        skipped.add(g.name() + (g.generated() ? " (generated)" : " (new column)"));
        continue;
      }
      Column o = original.columns().get(sources[i]);
      String[] pair = expressions(o, g, mapping.storedTypes().get(i));
      if (pair == null) {
        skipped.add(g.name() + " (" + o.columnType() + " to " + g.columnType() + ")");
      } else {
        compared.add(g.name());
        originalValues.add(pair[0]);
        ghostValues.add(pair[1]);
      }
    }
    // the key's columns must be the same columns on both sides (not renamed)
    boolean keyKept =
        key.stream()
            .allMatch(
                k -> {
                  int i = indexOf(mapping.ghostColumns(), k);
                  return i >= 0
                      && original.columns().get(sources[i]).name().equalsIgnoreCase(k)
                      && compared.stream().anyMatch(k::equalsIgnoreCase);
                });
    String unusable =
        keyed && keyKept
            ? null
            : "the new table has no key "
                + quote(original.keyName())
                + " over the same columns ("
                + String.join(", ", key)
                + ") to compare it with the original by";
    List<Column> ghostKey = new ArrayList<>();
    for (Column k : original.keyColumnList()) {
      int g = Column.indexOf(ghostColumns, k.name());
      ghostKey.add(g < 0 ? k : ghostColumns.get(g)); // none: unusable, never read
    }
    return new ChecksumPlan(
        original.keyName(),
        original.keyColumnList(),
        ghostKey,
        compared,
        originalValues,
        ghostValues,
        skipped,
        unusable);
  }

  // {original expression, ghost expression}, or null when the change cannot be compared exactly
  private static String[] expressions(Column o, Column g, String storedType) {
    // an ENUM's or SET's members are text: ENUM('paid') made ENUM('PAID') is another type
    boolean sameType =
        EnumeratedValues.of(o)
            ? o.columnType().equals(g.columnType())
            : o.columnType().equalsIgnoreCase(g.columnType());
    if (sameType && Objects.equals(o.collation(), g.collation())) {
      return new String[] {
        VerifySql.comparable(o.name(), g.dataType()), VerifySql.comparable(g.name(), g.dataType())
      };
    }
    if (g.dataType().equals("json") && (o.number() || EnumeratedValues.of(o))) {
      // MySQL's ALTER reads the number's (or member's) text as a JSON document (DECIMAL 1.500 is
      // 1.5; ENUM('1') is 1, where CAST(e AS JSON) is the string "1"); that
      // document's text read back, as the new column's is (a stored JSON double prints otherwise:
      // 3.4028199999999998e38 for 3.40282e38)
      return new String[] {
        "CAST(CAST(CAST(CAST(" + quote(o.name()) + " AS CHAR) AS JSON) AS CHAR) AS JSON)",
        VerifySql.comparable(g.name(), g.dataType())
      };
    }
    if (storedType.equals("FLOAT")) {
      // a FLOAT holds the nearest number of single precision (2.49 is 2.490000009536743), which no
      // SQL expression computes: CAST(… AS FLOAT) keeps the double, so every value a FLOAT cannot
      // hold exactly differed and failed correct migrations
      return null;
    }
    String own = storedType.substring(storedType.lastIndexOf(' ') + 1);
    boolean exactTime =
        o.temporal()
            || o.number()
            || o.dataType().equals("json")
            || (o.collated() && !own.startsWith("TIME"));
    if (TIMES.matcher(own).matches() && !exactTime) {
      // MySQL stores a zero time where a cast gives NULL or another zero ('' or a BIT's 1 made a
      // TIME, a BIT's 0 made a DATE under a mode without NO_ZERO_DATE, '-0' is 00:00:00 where the
      // cast gives -00:00:00): not compared, never guessed
      return null;
    }
    if (!storedType.isEmpty()) {
      // text made an integer: MySQL rounds its number ('2.5' is 3) where CAST truncates it
      String original =
          o.collated() && (storedType.equals("SIGNED") || storedType.equals("UNSIGNED"))
              ? "CAST(" + quote(o.name()) + " AS DECIMAL(65,30))"
              : o.dataType().equals("json") && TIMES.matcher(storedType).matches()
                  // a document made a date or time is read from its text, as MySQL's ALTER does;
                  // cast as a document it is NULL
                  ? "CAST(" + quote(o.name()) + " AS CHAR)"
                  : quote(o.name());
      // the ghost column holds its own type: only the last cast applies to it (a DATE read as a
      // TIME, as the original's rounding goes, would be midnight of today)
      return new String[] {
        ColumnMapping.cast(original, storedType), ColumnMapping.cast(quote(g.name()), own)
      };
    }
    boolean collated = g.collation() != null && !g.collation().isEmpty();
    if (o.floating() && g.string() && !g.dataType().equals("binary")) {
      // a FLOAT or DOUBLE made a string holds the number's text, as MySQL's ALTER writes it
      String text = "CAST(" + quote(o.name()) + " AS CHAR)";
      return new String[] {
        collated ? "CONVERT(" + text + " USING " + charset(g.collation()) + ")" : text,
        quote(g.name())
      };
    }
    if (g.dataType().equals("enum") && TEXT.contains(o.dataType()) && collated) {
      // MySQL's ALTER stores the member equal to the text in the new column's collation, without
      // trailing spaces ('PAID ' into ENUM('paid') is 'paid'), or, where none is, the member whose
      // number the text is (' 2' is the second): compare member numbers
      String column = quote(o.name());
      String member =
          "FIELD(CONVERT(TRIM(TRAILING ' ' FROM "
              + column
              + ") USING "
              + charset(g.collation())
              + ") COLLATE "
              + g.collation()
              + ", "
              + String.join(", ", EnumeratedValues.literals(g.columnType()))
              + ")";
      return new String[] {
        "IF("
            + column
            + " IS NULL, NULL, IF("
            + member
            + " = 0 AND "
            + column
            + " REGEXP '^ *[0-9]+ *$', CAST("
            + column
            + " AS UNSIGNED), "
            + member
            + "))",
        quote(g.name()) + " + 0"
      };
    }
    // a SET's text lists its members in the definition's order, which the ALTER may change
    boolean set = o.dataType().equals("set") || g.dataType().equals("set");
    if (TEXT.contains(o.dataType()) && TEXT.contains(g.dataType()) && collated && !set) {
      String converted = "CONVERT(" + quote(o.name()) + " USING " + charset(g.collation()) + ")";
      if (g.dataType().equals("char")) {
        converted = "TRIM(TRAILING ' ' FROM " + converted + ")"; // as a CHAR reads back
      }
      return new String[] {converted, quote(g.name())};
    }
    if (VARIABLE_BYTES.contains(o.dataType()) && VARIABLE_BYTES.contains(g.dataType())) {
      return new String[] {quote(o.name()), quote(g.name())};
    }
    return null;
  }

  // a collation's character set: utf8mb4_0900_ai_ci is utf8mb4's
  private static String charset(String collation) {
    int cut = collation.indexOf('_');
    return cut < 0 ? collation : collation.substring(0, cut);
  }

  private static int indexOf(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }
}
