package org.apache.flink.cdc.connectors.mysql.source;

import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

/**
 * A {@link MySqlSource} on a config factory of ghostflink's ({@code BinlogSourceConfig}, which
 * reads the password where the job runs): {@link MySqlSourceBuilder} only builds on its own
 * factory, and the source's constructor is package-private.
 */
public final class MySqlSources {
  private MySqlSources() {}

  public static <T> MySqlSource<T> of(
      MySqlSourceConfigFactory config, DebeziumDeserializationSchema<T> deserializer) {
    return new MySqlSource<>(config, deserializer);
  }
}
