package io.ghostflink.controller.verify;

import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChecksumSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The row count and content checksum of a table over chosen columns (see {@link ChecksumSql}). */
public record TableChecksum(long rows, long checksum) {
  public static TableChecksum of(Connection c, TableRef table, List<String> columns)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ChecksumSql.checksum(table, columns))) {
      rs.next();
      return new TableChecksum(rs.getLong(1), rs.getLong(2));
    }
  }

  @Override
  public String toString() {
    return rows + " rows, checksum " + Long.toHexString(checksum);
  }
}
