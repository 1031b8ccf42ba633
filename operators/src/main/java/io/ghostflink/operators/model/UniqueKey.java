package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A unique index of a table as information_schema.STATISTICS describes it.
 *
 * @param name the index name ({@code PRIMARY} for the primary key)
 * @param parts its key parts in index order
 */
public record UniqueKey(String name, List<Part> parts) implements Serializable {
  public static final String PRIMARY = "PRIMARY";

  /**
   * One key part: a column, or a prefix of one, or an expression (a functional key part).
   *
   * @param column the column name, or empty for an expression
   * @param prefix the prefix length in characters or bytes, or 0 for the whole value
   * @param expression the expression of a functional key part, else empty
   */
  public record Part(String column, int prefix, String expression) implements Serializable {
    public Part {
      column = column == null ? "" : column;
      expression = expression == null ? "" : expression;
    }

    public static Part of(String column) {
      return new Part(column, 0, "");
    }

    public boolean functional() {
      return column.isEmpty();
    }
  }

  public UniqueKey {
    parts = List.copyOf(parts);
  }

  /** A key over whole columns, by name. */
  public static UniqueKey of(String name, List<String> columns) {
    List<Part> parts = new ArrayList<>();
    columns.forEach(c -> parts.add(Part.of(c)));
    return new UniqueKey(name, parts);
  }

  public boolean primary() {
    return PRIMARY.equals(name);
  }

  /** Whether every part is a whole column (no prefix, no expression). */
  public boolean wholeColumns() {
    return parts.stream().allMatch(p -> !p.functional() && p.prefix() == 0);
  }

  /** The names of its columns, in index order (empty names for functional parts). */
  public List<String> columns() {
    List<String> names = new ArrayList<>(parts.size());
    parts.forEach(p -> names.add(p.column()));
    return names;
  }
}
