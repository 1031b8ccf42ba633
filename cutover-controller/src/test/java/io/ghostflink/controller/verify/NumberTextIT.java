package io.ghostflink.controller.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.NumberText;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link NumberText} against the server: FLOAT and DOUBLE values of every magnitude (random bit
 * patterns, and the edges: powers of two and ten, the largest and smallest, whole numbers around
 * 10¹⁵ and ties at the sixth digit) stored in MySQL's columns and read back as {@code CAST(c AS
 * CHAR)}, the text MySQL's ALTER writes into a string column.
 */
@ExtendWith(MysqlExtension.class)
class NumberTextIT {
  private static final int RANDOM = 20_000;

  @Test
  void everyTextIsTheOneMysqlMakesOfTheColumn(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute("CREATE TABLE n (id INT PRIMARY KEY, f FLOAT, d DOUBLE)");
    List<Double> values = values();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO n VALUES (?, ?, ?)")) {
        for (int i = 0; i < values.size(); i++) {
          double v = values.get(i);
          ps.setInt(1, i);
          // the float's exact value, which MySQL stores as that float (none beyond its range)
          ps.setString(2, Math.abs(v) <= Float.MAX_VALUE ? Double.toString((float) v) : null);
          ps.setString(3, Double.toString(v));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      List<String> differ = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, CAST(f AS DOUBLE), CAST(d AS CHAR), CAST(f AS CHAR), d FROM n");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          float f = (float) rs.getDouble(2);
          double d = rs.getDouble(5);
          if (rs.getString(4) != null && !NumberText.ofFloat(f).equals(rs.getString(4))) {
            differ.add("FLOAT " + rs.getString(4) + " made " + NumberText.ofFloat(f));
          }
          if (!NumberText.ofDouble(d).equals(rs.getString(3))) {
            differ.add("DOUBLE " + rs.getString(3) + " made " + NumberText.ofDouble(d));
          }
        }
      }
      assertThat(differ).isEmpty();
      assertThat(db.scalar("SELECT COUNT(*) FROM n")).isEqualTo((long) values.size());
    }
  }

  @Test
  void fixedDecimalsAndZerofillAreTheColumnsToo(TestDatabase db, MysqlInstance mysql) {
    List<Column> columns =
        List.of(
            Column.of("a", "float", "float(7,3)", true),
            Column.of("b", "double", "double(10,2)", true),
            Column.of("c", "float", "float unsigned zerofill", true),
            Column.of("d", "double", "double unsigned zerofill", true),
            Column.of("g", "double", "double(10,2) unsigned zerofill", true),
            Column.of("h", "float", "float(12,0)", true));
    List<NumberText> texts = columns.stream().map(NumberText::of).toList();
    db.execute(
        "CREATE TABLE z (id INT PRIMARY KEY, a FLOAT(7,3), b DOUBLE(10,2), c FLOAT ZEROFILL,"
            + " d DOUBLE ZEROFILL, g DOUBLE(10,2) ZEROFILL, h FLOAT(12,0))");
    SplittableRandom random = new SplittableRandom(5);
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      double v = random.nextDouble(0, 9999) * Math.pow(10, random.nextInt(-6, 1));
      rows.append(i == 0 ? "" : ", ")
          .append("(")
          .append(i)
          .append(String.format(", %s, %s, %s, %s, %s, %s)", -v, v, v * 1e10, v * 1e-9, v, v));
    }
    db.execute("INSERT INTO z VALUES " + rows);
    List<String> differ = new ArrayList<>();
    for (List<Object> row :
        db.query(
            "SELECT CAST(a AS DOUBLE), CAST(b AS DOUBLE), CAST(c AS DOUBLE), CAST(d AS DOUBLE),"
                + " CAST(g AS DOUBLE), CAST(h AS DOUBLE), CAST(a AS CHAR), CAST(b AS CHAR),"
                + " CAST(c AS CHAR), CAST(d AS CHAR), CAST(g AS CHAR), CAST(h AS CHAR) FROM z")) {
      for (int i = 0; i < columns.size(); i++) {
        String made = texts.get(i).text(((Number) row.get(i)).doubleValue());
        if (!made.equals(row.get(i + columns.size()))) {
          differ.add(
              columns.get(i).columnType() + " " + row.get(i + columns.size()) + " made " + made);
        }
      }
    }
    assertThat(differ).isEmpty();
  }

  private static List<Double> values() {
    List<Double> values = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(20261205);
    for (int i = 0; i < RANDOM; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      float f = Float.intBitsToFloat(random.nextInt());
      if (Double.isFinite(d) && Float.isFinite(f)) {
        values.add(i % 2 == 0 ? d : f);
      }
      values.add(random.nextDouble(-1e6, 1e6) / (1 + random.nextInt(1000)));
    }
    for (int e = -45; e <= 308; e++) {
      values.add(Math.pow(10, e));
      values.add(-Math.pow(10, e) * 1.5);
    }
    for (int e = -1074; e <= 1023; e++) {
      values.add(Math.scalb(1.0, e));
    }
    for (long n = 999_999_999_999_990L; n <= 1_000_000_000_000_010L; n++) {
      values.add((double) n);
      values.add(n + 0.5);
    }
    values.addAll(
        List.of(
            0.0,
            Double.MAX_VALUE,
            Double.MIN_VALUE,
            Double.MIN_NORMAL,
            (double) Float.MAX_VALUE,
            (double) Float.MIN_VALUE,
            (double) Float.MIN_NORMAL,
            1234565.0,
            1234575.0,
            0.1234565,
            16777217.0,
            0.14285715,
            1e-15,
            9.99999e-16,
            1e15,
            1e16,
            123456789012.0));
    return values;
  }
}
