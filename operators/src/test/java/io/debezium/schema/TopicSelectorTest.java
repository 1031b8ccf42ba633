package io.debezium.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.relational.TableId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ghostflink's topic selector names topics as Debezium's does and asks its namer once a table. */
class TopicSelectorTest {
  private final AtomicInteger asked = new AtomicInteger();

  private TopicSelector<TableId> selector() {
    return TopicSelector.defaultSelector(
        "mysql_binlog_source",
        "__debezium-heartbeat",
        ".",
        (id, prefix, delimiter) -> {
          asked.incrementAndGet();
          return String.join(delimiter, prefix, id.catalog(), id.table());
        });
  }

  @Test
  void isGhostflinksOwnOnTheClassPath() throws Exception {
    assertThat(TopicSelector.class.getField("GHOSTFLINK").get(null)).isNotNull();
  }

  @Test
  void namesEachTableOnceAndAnswersFromTheCacheAfter() {
    TopicSelector<TableId> s = selector();
    TableId orders = new TableId("shop", null, "orders");
    for (int i = 0; i < 1000; i++) {
      assertThat(s.topicNameFor(orders)).isEqualTo("mysql_binlog_source.shop.orders");
    }
    assertThat(s.topicNameFor(new TableId("shop", null, "users")))
        .isEqualTo("mysql_binlog_source.shop.users");
    assertThat(asked).hasValue(2);
  }

  @Test
  void replacesWhatATopicNameCannotHoldWithAnUnderscore() {
    TopicSelector<TableId> s = selector();
    assertThat(s.topicNameFor(new TableId("shop", null, "order lines$2€")))
        .isEqualTo("mysql_binlog_source.shop.order_lines_2_");
    assertThat(s.topicNameFor(new TableId("a-b", null, "Z_9")))
        .isEqualTo("mysql_binlog_source.a-b.Z_9");
  }

  @Test
  void staysBoundedWithMoreTablesThanItKeeps() {
    TopicSelector<TableId> s = selector();
    for (int i = 0; i < TopicSelector.MAX_CACHED * 2 + 5; i++) {
      assertThat(s.topicNameFor(new TableId("db", null, "t" + i))).endsWith(".db.t" + i);
    }
    assertThat(asked).hasValue(TopicSelector.MAX_CACHED * 2 + 5);
  }

  @Test
  void namesTheHeartbeatAndPrimaryTopicsAsDebeziumDoes() {
    TopicSelector<TableId> s = selector();
    assertThat(s.getPrimaryTopic()).isEqualTo("mysql_binlog_source");
    assertThat(s.getHeartbeatTopic()).isEqualTo("__debezium-heartbeat.mysql_binlog_source");
  }
}
