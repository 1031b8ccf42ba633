package io.ghostflink.controller.preflight;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.controller.schema.CheckNames;
import io.ghostflink.controller.verify.UnreadableChanges;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.mapping.GhostKeys;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.UniqueKey;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Reads {@link TableFacts} from the server. Its one change is the scratch table {@code _t_gst}:
 * created like the original, altered, read and dropped again, so the ALTER is proven on MySQL
 * itself without touching the original.
 */
public final class FactsReader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FactsReader.class);
  private static final int DUPLICATE_SAMPLES = 3;

  private FactsReader() {}

  /**
   * Reads the facts with {@code c}, whose session already writes in {@code sqlMode} (the scratch
   * table is created and altered as the ghost table will be).
   */
  public static TableFacts read(Connection c, TableRef table, AlterClause alter, String sqlMode)
      throws SQLException {
    TableFacts.ServerSettings settings = settings(c);
    List<String> grants = strings(c, MigrationDdl.SHOW_GRANTS);
    boolean nameFits = table.table().length() <= TableRef.MAX_ORIGINAL_NAME_LENGTH;
    boolean exists = nameFits && exists(c, table);
    if (!exists) {
      return new TableFacts(
          table, settings, grants, false, List.of(), List.of(), List.of(), List.of(), alter, null,
          List.of(), Map.of(), 0, sqlMode, "");
    }
    List<Column> columns = SchemaReader.columns(c, table);
    List<UniqueKey> uniqueKeys = SchemaReader.uniqueKeys(c, table);
    List<String> triggers = strings(c, MigrationDdl.TRIGGERS, table.database(), table.table());
    List<String> foreignKeys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.FOREIGN_KEYS)) {
      bind(ps, table.database(), table.table(), table.database(), table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          foreignKeys.add(
              rs.getString(1) + " (" + rs.getString(2) + " -> " + rs.getString(3) + ")");
        }
      }
    }
    List<TableRef> leftovers = new ArrayList<>();
    for (TableRef t :
        List.of(
            table.ghost(), table.changelog(), table.progress(), table.recheck(), table.magic())) {
      if (exists(c, t)) {
        leftovers.add(t);
      }
    }
    TableFacts.AlterTrial trial =
        alter.text().isEmpty()
            ? unchanged(c, table, columns, uniqueKeys)
            : alter.renamesTable() || alter.dataOperation() != null ? null : trial(c, table, alter);
    long estimatedRows = 0;
    String engine = "";
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.TABLE_STATUS)) {
      bind(ps, table.database(), table.table());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          estimatedRows = rs.getLong(1); // 0 when unknown (NULL)
          engine = rs.getString(2) == null ? "" : rs.getString(2);
        }
      }
    }
    TableFacts facts =
        new TableFacts(
            table,
            settings,
            grants,
            true,
            columns,
            uniqueKeys,
            triggers,
            foreignKeys,
            alter,
            trial,
            leftovers,
            Map.of(),
            estimatedRows,
            sqlMode,
            engine);
    return facts.withDuplicates(duplicates(c, facts));
  }

  /** A move's "trial": the table as it is, under its own name (no scratch table is made). */
  private static TableFacts.AlterTrial unchanged(
      Connection c, TableRef table, List<Column> columns, List<UniqueKey> keys)
      throws SQLException {
    return new TableFacts.AlterTrial(
        null, false, columns, keys, SchemaReader.showCreate(c, table), false);
  }

  private static TableFacts.AlterTrial trial(Connection c, TableRef table, AlterClause alter)
      throws SQLException {
    TableRef scratch = table.scratch();
    try (Statement s = c.createStatement()) {
      try {
        s.execute(MigrationDdl.dropIfExists(scratch));
        s.execute(MigrationDdl.createLike(scratch, table));
      } catch (SQLException e) {
        return new TableFacts.AlterTrial(
            "cannot create the scratch table " + scratch.table() + ": " + e.getMessage(),
            false,
            List.of(),
            List.of(),
            null,
            false);
      }
      try {
        String onCopy;
        try {
          onCopy = CheckNames.forCopy(c, alter.text(), table, scratch, table);
        } catch (IllegalArgumentException refused) {
          return new TableFacts.AlterTrial(
              refused.getMessage(), false, List.of(), List.of(), null, false);
        }
        boolean instant = true;
        try {
          Connections.executeAlter(c, MigrationDdl.alterInstant(scratch, onCopy));
        } catch (SQLException e) {
          instant = false;
          try {
            Connections.executeAlter(c, MigrationDdl.alter(scratch, onCopy));
          } catch (SQLException refused) {
            // MySQL's words name the scratch copy where its own ALTER would name the table (a
            // check constraint's generated name "_t_gst_chk_1" for "t_chk_1")
            return new TableFacts.AlterTrial(
                refused.getMessage().replace(scratch.table(), table.table()),
                false,
                List.of(),
                List.of(),
                null,
                false);
          }
        }
        if (!exists(c, scratch)) {
          return new TableFacts.AlterTrial(null, instant, List.of(), List.of(), null, true);
        }
        List<Column> columns = SchemaReader.columns(c, scratch);
        List<UniqueKey> keys = SchemaReader.uniqueKeys(c, scratch);
        String create =
            SchemaReader.showCreate(c, scratch).replace(scratch.table(), table.ghost().table());
        return new TableFacts.AlterTrial(null, instant, columns, keys, create, false);
      } finally {
        try {
          s.execute(MigrationDdl.dropIfExists(scratch));
        } catch (SQLException e) {
          LOG.warn("scratch table {} not dropped: {}", scratch, e.getMessage());
        }
      }
    }
  }

  /**
   * Samples of repeated values in the original for each risky unique key of the ghost (one the
   * original's own keys do not guarantee); checked at preflight and again before the cut-over.
   */
  public static Map<String, String> duplicates(Connection c, TableFacts facts) throws SQLException {
    Optional<GhostKeys.Plan> plan = facts.keyPlan();
    Optional<ColumnMapping> mapping = facts.mapping();
    Map<String, String> found = new LinkedHashMap<>();
    if (plan.isEmpty() || !plan.get().ok() || mapping.isEmpty()) {
      return found;
    }
    for (UniqueKey key : plan.get().ghostKey().riskyKeys()) {
      List<String> sources = new ArrayList<>();
      List<String> nullable = new ArrayList<>();
      for (String ghostColumn : key.columns()) {
        int at = indexOfIgnoreCase(mapping.get().ghostColumns(), ghostColumn);
        String source = facts.originalColumns().get(mapping.get().sourceColumns()[at]).name();
        sources.add(source);
        int ghostAt = Column.indexOf(facts.trial().columns(), ghostColumn);
        if (ghostAt >= 0 && facts.trial().columns().get(ghostAt).nullable()) {
          nullable.add(source);
        }
      }
      StringJoiner samples = new StringJoiner(", ");
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  MigrationDdl.duplicates(facts.table(), sources, nullable, DUPLICATE_SAMPLES))) {
        int n = sources.size();
        while (rs.next()) {
          StringJoiner values = new StringJoiner(", ", "(", ")");
          for (int i = 1; i <= n; i++) {
            values.add(String.valueOf(rs.getString(i)));
          }
          samples.add(values + " x" + rs.getLong(n + 1));
        }
      }
      if (samples.length() > 0) {
        found.put(key.name() + " " + sources, samples.toString());
      }
    }
    return found;
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static TableFacts.ServerSettings settings(Connection c) throws SQLException {
    boolean compression = UnreadableChanges.compressedByDefault(c);
    boolean partialJson = UnreadableChanges.partialJsonByDefault(c);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.SERVER_SETTINGS)) {
      rs.next();
      return new TableFacts.ServerSettings(
          rs.getInt(1) == 1,
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          compression,
          partialJson,
          rs.getInt(7) == 1 ? "super_read_only" : rs.getInt(6) == 1 ? "read_only" : "");
    }
  }

  public static boolean exists(Connection c, TableRef t) throws SQLException {
    List<String> n = strings(c, MigrationDdl.TABLE_EXISTS, t.database(), t.table());
    return !n.isEmpty() && !"0".equals(n.get(0));
  }

  private static List<String> strings(Connection c, String sql, String... params)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }

  private static void bind(PreparedStatement ps, String... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setString(i + 1, params[i]);
    }
  }
}
