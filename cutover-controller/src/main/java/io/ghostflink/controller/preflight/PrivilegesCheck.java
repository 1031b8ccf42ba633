package io.ghostflink.controller.preflight;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user needs, on the database: SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER and LOCK
 * TABLES (ghost writes, migration tables, the cut-over); and globally REPLICATION SLAVE and
 * REPLICATION CLIENT (reading the binlog and its position); and SELECT on {@code
 * performance_schema} (the cut-over watches its metadata locks), on the database or on its tables
 * {@code metadata_locks} and {@code threads}. Read from {@code SHOW GRANTS}; roles granted to the
 * user are not expanded, so a user whose rights come from roles should grant them directly.
 */
public final class PrivilegesCheck implements PreflightCheck {
  static final List<String> ON_DATABASE =
      List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "LOCK TABLES");
  static final List<String> GLOBAL = List.of("REPLICATION SLAVE", "REPLICATION CLIENT");
  static final List<String> PERFORMANCE_SCHEMA_TABLES = List.of("metadata_locks", "threads");

  private static final Pattern GRANT =
      Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);

  @Override
  public Optional<String> problem(TableFacts f) {
    Set<String> global = new LinkedHashSet<>();
    Set<String> onDatabase = new LinkedHashSet<>();
    Set<String> readablePerformanceSchema = new LinkedHashSet<>();
    for (String line : f.grants()) {
      Matcher m = GRANT.matcher(line.strip());
      if (!m.find()) {
        continue; // role grants (GRANT `role` TO user)
      }
      Set<String> privileges = privileges(m.group(1));
      if (privileges.equals(Set.of("PROXY"))) {
        continue; // GRANT PROXY ON user@host (a fresh server's root has one): no database object
      }
      String scope = m.group(2);
      if (privileges.contains("SELECT") || privileges.contains("ALL")) {
        readablePerformanceSchema.add(scope.replace("`", ""));
      }
      if (scope.equals("*.*")) {
        global.addAll(privileges);
        onDatabase.addAll(privileges);
      } else if (databaseOf(scope).equals(f.table().database()) && scope.endsWith(".*")) {
        onDatabase.addAll(privileges);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String p : ON_DATABASE) {
      if (!onDatabase.contains(p) && !onDatabase.contains("ALL")) {
        missing.add(p + " ON " + f.table().database() + ".*");
      }
    }
    for (String p : GLOBAL) {
      if (!global.contains(p) && !global.contains("ALL")) {
        missing.add(p + " ON *.*");
      }
    }
    boolean performanceSchema =
        readablePerformanceSchema.contains("*.*")
            || readablePerformanceSchema.contains("performance_schema.*")
            || PERFORMANCE_SCHEMA_TABLES.stream()
                .allMatch(t -> readablePerformanceSchema.contains("performance_schema." + t));
    if (!performanceSchema) {
      missing.add("SELECT ON performance_schema.*");
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "the MySQL user lacks privileges " + missing + "; GRANT them (see docs/operations.md)");
  }

  private static Set<String> privileges(String list) {
    Set<String> set = new LinkedHashSet<>();
    for (String p : list.split(",")) {
      String name = p.strip().toUpperCase(Locale.ROOT).replaceAll("\\s*\\(.*\\)$", "");
      set.add(name.equals("ALL PRIVILEGES") ? "ALL" : name);
    }
    return set;
  }

  /** {@code `db`.*} or {@code db.*} to {@code db}; backslash escapes of wildcards removed. */
  static String databaseOf(String scope) {
    String db = scope.substring(0, scope.lastIndexOf('.'));
    if (db.startsWith("`") && db.endsWith("`")) {
      db = db.substring(1, db.length() - 1).replace("``", "`");
    }
    return db.replace("\\_", "_").replace("\\%", "%");
  }
}
