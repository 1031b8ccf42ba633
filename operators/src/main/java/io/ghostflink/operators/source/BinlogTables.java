package io.ghostflink.operators.source;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tables' binlog rows the binlog reader need not decode: the ghost tables that ghostflink's
 * jobs in this class loader write, unless one of them also reads the table. A copy writes every row
 * of the table into its ghost table, so the binlog carries each row once more, and Debezium decoded
 * all of them only to drop them (about a seventh of the process's CPU in a copy without writers,
 * docs/benchmarks.md). {@code RowDeserializers} skips those rows' bytes instead.
 *
 * <p>Each job's {@link ChangeEventDeserializer} registers its tables when it is built and again
 * when it is deserialized in a task manager, before its source reads. A table that is both read and
 * written is decoded. Names compare without case, so a mismatch only ever decodes more.
 */
public final class BinlogTables {
  private static final Set<String> WRITTEN = ConcurrentHashMap.newKeySet();
  private static final Set<String> READ = ConcurrentHashMap.newKeySet();

  private BinlogTables() {}

  /** A table some job here reads from the binlog. */
  static void read(String database, String table) {
    READ.add(key(database, table));
  }

  /** A table some job here writes and does not read (a ghost table). */
  static void written(String database, String table) {
    WRITTEN.add(key(database, table));
  }

  /** Whether some job here reads {@code database.table} from the binlog. */
  public static boolean isRead(String database, String table) {
    return database != null && table != null && READ.contains(key(database, table));
  }

  /** Whether the rows of {@code database.table} may go undecoded. */
  public static boolean undecoded(String database, String table) {
    if (WRITTEN.isEmpty() || database == null || table == null) {
      return false;
    }
    String key = key(database, table);
    return WRITTEN.contains(key) && !READ.contains(key);
  }

  private static String key(String database, String table) {
    return database.toLowerCase(Locale.ROOT) + '\u0000' + table.toLowerCase(Locale.ROOT);
  }
}
