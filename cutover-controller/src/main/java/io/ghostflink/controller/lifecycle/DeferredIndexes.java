package io.ghostflink.controller.lifecycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ghost table's plain secondary indexes, left out while the rows are copied and built after the
 * copy in one online {@code ALTER TABLE … ADD KEY …} ({@code --defer-secondary-indexes}, as
 * Spirit's flag of that name and Facebook's OSC do). Each copied row then costs MySQL one B-tree
 * insert less per index, and the index is built once, sorted (docs/benchmarks.md, session 17).
 *
 * <p>Only plain {@code KEY}s are left out, and only when every index that is not unique is one:
 * unique keys decide which rows the ghost table takes and must be there while rows arrive; a table
 * with a FULLTEXT, SPATIAL or functional index, a foreign key or partitions keeps all its indexes
 * (their builds and orders differ). So the indexes built after the copy come back last, in their
 * order, where {@code SHOW CREATE TABLE} lists them anyway, and the finished ghost table's
 * definition is the ALTER's.
 *
 * @param definitions the indexes left out, as {@code SHOW CREATE TABLE} writes them ({@code KEY `k`
 *     (`c`)}), in its order; empty when none is
 * @param keptBecause why none is left out ("" when some are)
 */
public record DeferredIndexes(List<String> definitions, String keptBecause) {
  /**
   * {@code --defer-secondary-indexes}: when the plain secondary indexes are built after the copy.
   */
  public enum Mode {
    /**
     * When no other session writes as the copy starts ({@link WritersAtStart}), the server has no
     * replica and none is named for throttling. The build is one burst of page writes the copy's
     * throttle cannot pace, which the writers feel (their worst seconds on the writers bench); a
     * replica runs it as one statement that holds its applier for as long as it takes (about 1.2 s
     * per million rows of a one-column index on the bench's machine), where the copy's row events,
     * which it replaces in part, are throttled by the replica's lag.
     */
    AUTO,
    ON,
    OFF;

    /** The flag's value. */
    public static Mode ofFlag(String flag) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(flag)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "--defer-secondary-indexes must be auto, on or off, not '" + flag + "'");
    }
  }

  /** The changelog hint that keeps the definitions for the build after the copy and a resume. */
  public static final String HINT = "deferred-indexes";

  /** What the changelog's value column holds. */
  static final int MAX_TEXT = 4096;

  private static final Pattern KEY = Pattern.compile("^KEY `((?:[^`]|``)+)` \\((.*)$");

  public DeferredIndexes {
    definitions = List.copyOf(definitions);
  }

  /** The plain secondary indexes of the table {@code createTable} defines, or why none. */
  public static DeferredIndexes of(String createTable) {
    List<String> keys = new ArrayList<>();
    for (String line : definitionLines(createTable)) {
      String upper = line.toUpperCase(Locale.ROOT);
      if (upper.startsWith("FULLTEXT KEY")) {
        return kept("it has a FULLTEXT index");
      }
      if (upper.startsWith("SPATIAL KEY")) {
        return kept("it has a SPATIAL index");
      }
      if (upper.startsWith("CONSTRAINT") && upper.contains(" FOREIGN KEY ")) {
        return kept("it has a foreign key");
      }
      if (upper.contains("PARTITION BY")) {
        return kept("it is partitioned");
      }
      Matcher m = KEY.matcher(line);
      if (m.matches()) {
        if (m.group(2).startsWith("(")) {
          return kept("it has a functional index");
        }
        keys.add(line);
      }
    }
    if (keys.isEmpty()) {
      return kept("it has no secondary index that is not unique");
    }
    if (String.join("\n", keys).length() > MAX_TEXT) {
      return kept("its index definitions are longer than " + MAX_TEXT + " characters");
    }
    return new DeferredIndexes(keys, "");
  }

  private static DeferredIndexes kept(String why) {
    return new DeferredIndexes(List.of(), why);
  }

  /** The definitions a {@link #hint()} kept. */
  public static DeferredIndexes fromHint(String value) {
    return value == null || value.isBlank()
        ? kept("none was left out")
        : new DeferredIndexes(Arrays.asList(value.split("\n")), "");
  }

  /** The definitions as one changelog value. */
  public String hint() {
    return String.join("\n", definitions);
  }

  /** Whether some index is left out. */
  public boolean any() {
    return !definitions.isEmpty();
  }

  /** The names of the indexes left out, as MySQL reports them. */
  public List<String> names() {
    return definitions.stream().map(DeferredIndexes::name).toList();
  }

  /** {@code DROP INDEX `a`, DROP INDEX `b`}. */
  public String dropClause() {
    return String.join(
        ", ",
        definitions.stream().map(d -> "DROP INDEX `" + name(d).replace("`", "``") + "`").toList());
  }

  /** {@code ADD KEY …, ADD KEY …} of those not in {@code present}, in order; "" for none. */
  public String addClause(List<String> present) {
    return String.join(
        ", ",
        definitions.stream().filter(d -> !present.contains(name(d))).map(d -> "ADD " + d).toList());
  }

  /** The lines of a {@code SHOW CREATE TABLE} that define its indexes, in order. */
  public static List<String> indexLines(String createTable) {
    List<String> lines = new ArrayList<>();
    for (String line : definitionLines(createTable)) {
      String upper = line.toUpperCase(Locale.ROOT);
      if (upper.startsWith("PRIMARY KEY")
          || upper.startsWith("UNIQUE KEY")
          || upper.startsWith("KEY ")
          || upper.startsWith("FULLTEXT KEY")
          || upper.startsWith("SPATIAL KEY")) {
        lines.add(line);
      }
    }
    return lines;
  }

  // the lines of a SHOW CREATE TABLE, each without its indent and its separating comma
  private static List<String> definitionLines(String createTable) {
    return createTable
        .lines()
        .map(String::strip)
        .map(l -> l.endsWith(",") ? l.substring(0, l.length() - 1) : l)
        .toList();
  }

  private static String name(String definition) {
    Matcher m = KEY.matcher(definition);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a KEY definition: " + definition);
    }
    return m.group(1).replace("``", "`");
  }
}
