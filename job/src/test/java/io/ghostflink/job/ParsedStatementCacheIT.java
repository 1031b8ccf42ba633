package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.ClientPreparedStatement;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ghostflink's sessions parse each statement text once: the apply prepares its applied point and
 * its multi-row upserts every epoch, and Connector/J parsed them anew each time (30% of the apply's
 * CPU) until its parse cache was on, with a text limit above its default 256 characters, which the
 * apply's statements exceed.
 */
@ExtendWith(MysqlExtension.class)
class ParsedStatementCacheIT {
  @Test
  void theApplysStatementsAreParsedOncePerSession(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    TableRef table = new TableRef(db.name(), "orders_with_a_long_name_as_applications_have");
    String applied = GhostDml.recordApplied(table.progress());
    String upsert =
        GhostDml.replace(table.ghost(), List.of("id", "customer_id", "note", "created_at"), 200);
    assertThat(applied.length()).as("longer than Connector/J's default limit").isGreaterThan(256);
    ServerAddress server =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    try (Connection c = Connections.open(server, db.name())) {
      for (String sql : List.of(applied, upsert)) {
        try (PreparedStatement first = c.prepareStatement(sql);
            PreparedStatement again = c.prepareStatement(sql)) {
          assertThat(parse(again)).as(sql.substring(0, 40)).isSameAs(parse(first));
        }
      }
    }
  }

  private static Object parse(PreparedStatement ps) throws java.sql.SQLException {
    return ps.unwrap(ClientPreparedStatement.class).getQueryInfo();
  }
}
