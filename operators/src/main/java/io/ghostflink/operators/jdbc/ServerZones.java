package io.ghostflink.operators.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The Java time zone a MySQL server's clock runs in, for Flink CDC: its binlog reader checks, each
 * time it starts, that the zone it is given has the server's offset from UTC now, and fails the job
 * where it does not ("The MySQL server has a timezone offset … which does not match the configured
 * timezone"). ghostflink decodes the binlog's values itself, so the zone serves that check only; it
 * is the server's own zone where Java knows it by MySQL's name for it, so that a reader restarted
 * after a change to or from daylight saving time still passes.
 */
public final class ServerZones {
  private ServerZones() {}

  /**
   * The Java zone of the server's default time zone ({@code @@GLOBAL.time_zone}, or the system's
   * for {@code SYSTEM}): that zone itself when Java knows its name and it has the server's offset
   * now, else the offset now.
   */
  public static String javaZone(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT @@GLOBAL.time_zone, @@system_time_zone, TIMESTAMPDIFF(SECOND,"
                    + " UTC_TIMESTAMP(), CONVERT_TZ(UTC_TIMESTAMP(), '+00:00',"
                    + " @@GLOBAL.time_zone))")) {
      rs.next();
      String global = rs.getString(1);
      String name = "SYSTEM".equalsIgnoreCase(global) ? rs.getString(2) : global;
      return javaZone(name, rs.getInt(3), Instant.now());
    }
  }

  /**
   * The zone MySQL names {@code name}, if Java knows it with {@code offsetSeconds} at {@code now}.
   */
  static String javaZone(String name, int offsetSeconds, Instant now) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
    if (name != null && !name.isBlank()) {
      try {
        ZoneId zone = ZoneId.of(name.trim());
        if (zone.getRules().getOffset(now).equals(offset)) {
          return zone.getId();
        }
      } catch (DateTimeException unknownToJava) {
        // an abbreviation such as CEST or IST: the offset
      }
    }
    return offset.equals(ZoneOffset.UTC) ? "UTC" : offset.getId();
  }
}
