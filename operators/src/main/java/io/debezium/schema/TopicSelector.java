package io.debezium.schema;

import io.debezium.config.CommonConnectorConfig;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ghostflink's replacement for Debezium 1.9's class of this name, with the same API and the same
 * names: a data collection's topic name from the connector's namer, with every character a Kafka
 * topic cannot hold replaced by {@code _}, cached per data collection.
 *
 * <p>Debezium asks for the topic name of every row it turns into a record, on the binlog client's
 * thread. Its cache is a bounded map with LRU eviction whose every hit counts a {@code
 * ConcurrentLinkedQueue}, which walks the queue: a profile of a copy under 200 writes a second
 * found 9% of that thread's time there, for a name that never changes. This cache is a plain
 * concurrent map, emptied when it reaches Debezium's bound. Like {@code RowDeserializers}, it must
 * come before debezium-core on the class path; {@link #GHOSTFLINK} tells it from Debezium's.
 */
public class TopicSelector<I extends DataCollectionId> {
  /** Read by a test to tell this class from Debezium's. */
  public static final String GHOSTFLINK = "caches topic names without LRU bookkeeping";

  /** Debezium's bound on cached names. */
  static final int MAX_CACHED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(TopicSelector.class);

  private final String prefix;
  private final String heartbeatPrefix;
  private final String delimiter;
  private final DataCollectionTopicNamer<I> namer;
  private final ConcurrentHashMap<I, String> names = new ConcurrentHashMap<>();

  private TopicSelector(
      String prefix, String heartbeatPrefix, String delimiter, DataCollectionTopicNamer<I> namer) {
    this.prefix = prefix;
    this.heartbeatPrefix = heartbeatPrefix;
    this.delimiter = delimiter;
    this.namer = namer;
  }

  public static <I extends DataCollectionId> TopicSelector<I> defaultSelector(
      String prefix,
      String heartbeatPrefix,
      String delimiter,
      DataCollectionTopicNamer<I> dataCollectionTopicNamer) {
    return new TopicSelector<>(prefix, heartbeatPrefix, delimiter, dataCollectionTopicNamer);
  }

  public static <I extends DataCollectionId> TopicSelector<I> defaultSelector(
      CommonConnectorConfig connectorConfig, DataCollectionTopicNamer<I> dataCollectionTopicNamer) {
    return defaultSelector(
        connectorConfig.getLogicalName(),
        connectorConfig.getHeartbeatTopicsPrefix(),
        ".",
        dataCollectionTopicNamer);
  }

  /** The topic name of {@code id}, never null. */
  public String topicNameFor(I id) {
    String name = names.get(id);
    if (name != null) {
      return name;
    }
    if (names.size() >= MAX_CACHED) {
      names.clear();
    }
    return names.computeIfAbsent(id, i -> sanitized(namer.topicNameFor(i, prefix, delimiter)));
  }

  /** The primary topic: the prefix. */
  public String getPrimaryTopic() {
    return prefix;
  }

  /** The heartbeat topic: {@code <heartbeat prefix><delimiter><prefix>}. */
  public String getHeartbeatTopic() {
    return String.join(delimiter, heartbeatPrefix, prefix);
  }

  /** Names the topic of a data collection. */
  @FunctionalInterface
  public interface DataCollectionTopicNamer<I extends DataCollectionId> {
    String topicNameFor(I id, String prefix, String delimiter);
  }

  // Kafka's topic names hold [a-zA-Z0-9._-]; any other character becomes '_'
  static String sanitized(String name) {
    char[] chars = name.toCharArray();
    boolean changed = false;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      boolean valid =
          c == '.'
              || c == '_'
              || c == '-'
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9');
      if (!valid) {
        chars[i] = '_';
        changed = true;
      }
    }
    if (!changed) {
      return name;
    }
    String sanitized = new String(chars);
    LOG.warn("Topic '{}' name isn't a valid topic name, replacing it with '{}'.", name, sanitized);
    return sanitized;
  }
}
