package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.debezium.connector.mysql.RowDeserializers;
import io.ghostflink.operators.model.TableRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rows of a job's ghost table go undecoded, those of every table a job reads are decoded, and
 * the reader stops at the end of each event either way.
 */
class BinlogTablesTest {
  private static final long TABLE_ID = 42;
  private static final int NEXT_EVENT = 0x5A;

  private final Map<Long, TableMapEventData> maps = new HashMap<>();

  // a job of database `db` that reads `read` (as its changelog) and writes `ghost`
  private static void job(String db, String read, String ghost) {
    new ChangeEventDeserializer(db, List.of(), read, List.of(), List.of(new TableRef(db, ghost)));
  }

  // the binlog maps TABLE_ID to db.table, one INT column
  private void mapped(String db, String table) {
    TableMapEventData map = new TableMapEventData();
    map.setTableId(TABLE_ID);
    map.setDatabase(db);
    map.setTable(table);
    map.setColumnTypes(new byte[] {3}); // LONG
    map.setColumnMetadata(new int[] {0});
    map.setColumnNullability(new java.util.BitSet());
    maps.put(TABLE_ID, map);
  }

  // a rows event's body (table id, flags, one column, its bitmaps, then rows of one INT each),
  // followed by the first byte of the next event; the reader is limited to the body, as the
  // library's event deserializer limits it
  private static ByteArrayInputStream event(int bitmaps, int... values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < 6; i++) {
      b.write((int) (TABLE_ID >>> (8 * i)) & 0xFF);
    }
    b.write(0);
    b.write(0); // flags
    b.write(1); // one column
    for (int i = 0; i < bitmaps; i++) {
      b.write(1); // it is included
    }
    for (int v : values) {
      b.write(0); // not null
      for (int i = 0; i < 4; i++) {
        b.write(v >>> (8 * i) & 0xFF);
      }
    }
    int body = b.size();
    b.write(NEXT_EVENT);
    ByteArrayInputStream in = new ByteArrayInputStream(b.toByteArray());
    in.enterBlock(body);
    return in;
  }

  private WriteRowsEventData inserted(ByteArrayInputStream in) throws IOException {
    WriteRowsEventData rows = new RowDeserializers.WriteRowsDeserializer(maps).deserialize(in);
    in.skipToTheEndOfTheBlock();
    assertThat(in.read()).as("the next event's first byte").isEqualTo(NEXT_EVENT);
    return rows;
  }

  @Test
  void aJobsGhostTableIsSkippedUndecoded() throws IOException {
    job("skip", "_t_ghc", "_t_gho");
    mapped("skip", "_t_gho");
    WriteRowsEventData rows = inserted(event(1, 7, 8, 9));
    assertThat(rows.getTableId()).isEqualTo(TABLE_ID);
    assertThat(rows.getRows()).allSatisfy(r -> assertThat(r).isEmpty());
    // names compare without case: a mismatch would only decode more
    mapped("SKIP", "_T_GHO");
    assertThat(inserted(event(1, 7)).getRows()).allSatisfy(r -> assertThat(r).isEmpty());
  }

  @Test
  void tablesNoJobWritesAreDecoded() throws IOException {
    job("decode", "_t_ghc", "_t_gho");
    mapped("decode", "t");
    assertThat(inserted(event(1, 7, 8)).getRows())
        .containsExactly(new Serializable[] {7}, new Serializable[] {8});
    mapped("decode", "_t_ghc");
    assertThat(inserted(event(1, 9)).getRows()).containsExactly(new Serializable[] {9});
  }

  @Test
  void aTableOneJobWritesAndAnotherReadsIsDecoded() throws IOException {
    job("both", "_t_ghc", "x");
    job("both", "x", "_u_gho");
    mapped("both", "x");
    assertThat(inserted(event(1, 5)).getRows()).containsExactly(new Serializable[] {5});
  }

  @Test
  void updatesOfAGhostTableAreSkippedToo() throws IOException {
    job("updates", "_t_ghc", "_t_gho");
    mapped("updates", "_t_gho");
    ByteArrayInputStream in = event(2, 1, 2, 3, 4); // two rows, each before and after
    UpdateRowsEventData rows = new RowDeserializers.UpdateRowsDeserializer(maps).deserialize(in);
    in.skipToTheEndOfTheBlock();
    assertThat(in.read()).isEqualTo(NEXT_EVENT);
    assertThat(rows.getRows())
        .allSatisfy(
            r -> {
              assertThat(r.getKey()).isEmpty();
              assertThat(r.getValue()).isEmpty();
            });
    mapped("updates", "t");
    ByteArrayInputStream decoded = event(2, 1, 2);
    UpdateRowsEventData update =
        new RowDeserializers.UpdateRowsDeserializer(maps).deserialize(decoded);
    assertThat(update.getRows().get(0).getKey()).containsExactly(1);
    assertThat(update.getRows().get(0).getValue()).containsExactly(2);
  }
}
