package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How a row of the original table is found in the ghost table, and what the ghost's unique keys
 * mean for the copy and the apply (docs/architecture.md, "Unique keys"). Decided by the controller
 * from the two real table definitions.
 *
 * @param columns the ghost columns that hold the original's row key, in key order; they tell rows
 *     apart exactly as the original's key columns do
 * @param unique whether the ghost has a unique key on exactly {@link #columns}; when not (the new
 *     primary key extends the old one, say), an upsert first deletes the row by its key
 * @param sameRowKeys ghost unique indexes that include every row-key column: a duplicate on one of
 *     them is the same row, already there
 * @param guaranteedKeys the other ghost unique indexes that the original's own unique keys keep
 *     free of collisions: a duplicate on one of them is a stale row the binlog rewrites later
 * @param riskyKeys ghost unique keys the original does not guarantee (a new unique key, or a type
 *     change of a key column): a row they keep out is recorded in the recheck table and must be in
 *     the ghost table before the swap
 * @param numberedKeys ghost unique indexes over a new AUTO_INCREMENT column, which MySQL numbers:
 *     no two rows should ever share a value, but MySQL 8.0.31 hands an {@code INSERT IGNORE …
 *     SELECT} running beside a {@code REPLACE} values other rows hold; a duplicate on one of them
 *     is that race, and the statement's transaction is run again
 */
public record GhostKey(
    List<String> columns,
    boolean unique,
    List<String> sameRowKeys,
    List<String> guaranteedKeys,
    List<UniqueKey> riskyKeys,
    List<String> numberedKeys)
    implements Serializable {

  public GhostKey {
    columns = List.copyOf(columns);
    sameRowKeys = List.copyOf(sameRowKeys);
    guaranteedKeys = List.copyOf(guaranteedKeys);
    riskyKeys = List.copyOf(riskyKeys);
    numberedKeys = numberedKeys == null ? List.of() : List.copyOf(numberedKeys);
  }

  /** A ghost key without an index over a new AUTO_INCREMENT column. */
  public GhostKey(
      List<String> columns,
      boolean unique,
      List<String> sameRowKeys,
      List<String> guaranteedKeys,
      List<UniqueKey> riskyKeys) {
    this(columns, unique, sameRowKeys, guaranteedKeys, riskyKeys, List.of());
  }

  /** What a duplicate-key conflict on a ghost index means. */
  public enum Conflict {
    /** The row is already in the ghost table. */
    SAME_ROW,
    /** A stale version of another row holds the value; the binlog rewrites it. */
    STALE,
    /** Another row may really hold the value: record and recheck. */
    RISKY,
    /** MySQL numbered the row with a value another row holds: run the transaction again. */
    NUMBERED,
    /** Not a unique index of the ghost table as planned. */
    UNKNOWN
  }

  /** What a duplicate on the ghost index {@code index} means. */
  public Conflict conflictOn(String index) {
    if (contains(sameRowKeys, index)) {
      return Conflict.SAME_ROW;
    }
    if (contains(guaranteedKeys, index)) {
      return Conflict.STALE;
    }
    if (contains(numberedKeys, index)) {
      return Conflict.NUMBERED;
    }
    for (UniqueKey k : riskyKeys) {
      if (k.name().equalsIgnoreCase(index)) {
        return Conflict.RISKY;
      }
    }
    return Conflict.UNKNOWN;
  }

  /** Whether an upsert must first delete the row by its key (see {@link #unique}). */
  public boolean deleteBeforeUpsert() {
    return !unique || !riskyKeys.isEmpty();
  }

  private static boolean contains(List<String> names, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(lower));
  }
}
