package io.ghostflink.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A database on a server (the demo's, or one test's), with helpers to run SQL and read rows. */
public class Database {
  private final MysqlInstance instance;
  private final String name;

  public Database(MysqlInstance instance, String name) {
    this.instance = instance;
    this.name = name;
  }

  /** Creates {@code name} afresh (dropping an older one) on {@code instance}. */
  public static Database create(MysqlInstance instance, String name) {
    return recreate(new Database(instance, name));
  }

  /** Drops and creates {@code db}'s database on its server; returns {@code db}. */
  protected static <D extends Database> D recreate(D db) {
    ((Database) db)
        .onServer(
            "DROP DATABASE IF EXISTS " + quote(db.name()), "CREATE DATABASE " + quote(db.name()));
    return db;
  }

  public String name() {
    return name;
  }

  public MysqlInstance instance() {
    return instance;
  }

  public String jdbcUrl() {
    return instance.jdbcUrl(name);
  }

  /** A new connection whose default database is this one. */
  public Connection connect() throws SQLException {
    return instance.connect(name);
  }

  /** Runs each statement in its own auto-committed transaction. */
  public void execute(String... statements) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        run(s, sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Rows of a query, each row a list of column values in select order. */
  public List<List<Object>> query(String sql, Object... params) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(Arrays.asList(row));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public Object scalar(String sql, Object... params) {
    List<List<Object>> rows = query(sql, params);
    return rows.isEmpty() ? null : rows.get(0).get(0);
  }

  /** Drops this database. */
  public void drop() {
    onServer("DROP DATABASE IF EXISTS " + quote(name));
  }

  /** {@code name} as a quoted identifier, its backticks doubled. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private void onServer(String... statements) {
    try (Connection c = instance.connect("");
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        run(s, sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void run(Statement s, String sql) throws SQLException {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
    }
  }
}
