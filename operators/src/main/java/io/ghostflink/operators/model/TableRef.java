package io.ghostflink.operators.model;

import java.io.Serializable;

/**
 * A table in a database, and the one place where the names of its migration tables are derived:
 * ghost {@code _t_gho}, changelog {@code _t_ghc}, magic {@code _t_del}, progress {@code _t_ghp},
 * recheck {@code _t_ghr}, preflight's scratch table {@code _t_gst} and verify's {@code _t_vfy}.
 */
public record TableRef(String database, String table) implements Serializable {
  /** MySQL's limit on identifier length. */
  public static final int MAX_NAME_LENGTH = 64;

  /** The longest original table name whose migration table names still fit in 64 characters. */
  public static final int MAX_ORIGINAL_NAME_LENGTH = MAX_NAME_LENGTH - "__gho".length();

  public TableRef {
    if (database == null || database.isEmpty() || table == null || table.isEmpty()) {
      throw new IllegalArgumentException("database and table must not be empty");
    }
  }

  /** The table the job writes: the original's rows under the new schema. */
  public TableRef ghost() {
    return sibling("_" + table + "_gho");
  }

  /**
   * Heartbeats, state rows and the cut-over sentinel; captured from the binlog with the original.
   */
  public TableRef changelog() {
    return sibling("_" + table + "_ghc");
  }

  /** Created before the cut-over lock, so the blocked RENAME fails unless it is dropped. */
  public TableRef magic() {
    return sibling("_" + table + "_del");
  }

  /**
   * The name the old table keeps after a swap with {@code --timestamp-old-table}: gh-ost's {@code
   * _t_<yyyyMMddHHmmss>_del}, {@code stamp} being the 14 digits; a table name too long for it to
   * fit 64 characters loses its last characters in it, as gh-ost's name does.
   */
  public TableRef stampedOld(String stamp) {
    String suffix = "_" + stamp + "_del";
    int room = MAX_NAME_LENGTH - 1 - suffix.length();
    return sibling("_" + (table.length() > room ? table.substring(0, room) : table) + suffix);
  }

  /** "Applied through W" per sink subtask, beside the ghost table, never captured. */
  public TableRef progress() {
    return sibling("_" + table + "_ghp");
  }

  /**
   * Row keys of rows a unique key the original does not guarantee kept out of the ghost table:
   * checked again before the swap.
   */
  public TableRef recheck() {
    return sibling("_" + table + "_ghr");
  }

  /**
   * Where {@code ghostflink verify} has MySQL's own ALTER run on a copy of the old table, to
   * compare with the swapped table.
   */
  public TableRef verify() {
    return sibling("_" + table + "_vfy");
  }

  /** Where preflight tries the ALTER (and whether it is INSTANT); created and dropped at once. */
  public TableRef scratch() {
    return sibling("_" + table + "_gst");
  }

  /** The table of the same name in {@code other} (a move's target database). */
  public TableRef in(String other) {
    return new TableRef(other, table);
  }

  public TableRef sibling(String name) {
    return new TableRef(database, name);
  }

  @Override
  public String toString() {
    return database + "." + table;
  }
}
