package io.ghostflink.testkit;

import io.ghostflink.mysql.Database;
import io.ghostflink.mysql.MysqlInstance;

/** A database of its own for one test, on a shared server ({@link MysqlExtension} hands it out). */
public final class TestDatabase extends Database {
  public TestDatabase(MysqlInstance instance, String name) {
    super(instance, name);
  }

  /** The names of this database's tables, in order. */
  public java.util.List<Object> tables() {
    return query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1",
            name())
        .stream()
        .map(r -> r.get(0))
        .toList();
  }

  /** Creates {@code name} afresh (dropping an older one) on {@code instance}. */
  public static TestDatabase create(MysqlInstance instance, String name) {
    return recreate(new TestDatabase(instance, name));
  }
}
