package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One column of a table as information_schema describes it.
 *
 * @param name the column name
 * @param dataType information_schema DATA_TYPE, lower case (e.g. {@code varchar}, {@code json})
 * @param columnType information_schema COLUMN_TYPE (e.g. {@code decimal(10,2) unsigned})
 * @param nullable whether it accepts NULL
 * @param generated whether it is a generated (virtual or stored) column, never written
 */
public record Column(
    String name, String dataType, String columnType, boolean nullable, boolean generated)
    implements Serializable {
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

  public Column {
    dataType = dataType.toLowerCase(Locale.ROOT);
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

  /** Values travel as raw bytes rather than UTF-8 text. */
  public boolean binary() {
    return BINARY_TYPES.contains(dataType);
  }
}
