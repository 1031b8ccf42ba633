package io.ghostflink.controller.throttle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Global status thresholds as gh-ost's {@code --max-load} and {@code --critical-load} take them:
 * {@code Threads_running=25,Threads_connected=500}. A status variable above its threshold exceeds
 * it.
 */
public record LoadThresholds(Map<String, Long> limits) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public static final LoadThresholds NONE = new LoadThresholds(Map.of());

  public LoadThresholds {
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
  }

  /**
   * Parses {@code name=number,...} (blank: none).
   *
   * @throws IllegalArgumentException naming {@code flag} and what is wrong
   */
  public static LoadThresholds parse(String flag, String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Map<String, Long> limits = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      String[] kv = pair.strip().split("=", -1);
      if (kv.length != 2 || !NAME.matcher(kv[0].strip()).matches()) {
        throw invalid(flag, text);
      }
      try {
        limits.put(kv[0].strip(), Long.parseLong(kv[1].strip()));
      } catch (NumberFormatException e) {
        throw invalid(flag, text);
      }
    }
    return new LoadThresholds(limits);
  }

  private static IllegalArgumentException invalid(String flag, String text) {
    return new IllegalArgumentException(
        flag
            + " must be status=number pairs separated by commas, e.g. Threads_running=25, not '"
            + text
            + "'");
  }

  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /** The first threshold {@code status} exceeds, described, or empty. */
  public Optional<String> exceeded(Map<String, Long> status) {
    for (Map.Entry<String, Long> limit : limits.entrySet()) {
      Long value = status.get(limit.getKey().toLowerCase(java.util.Locale.ROOT));
      if (value != null && value > limit.getValue()) {
        return Optional.of(limit.getKey() + "=" + value + " > " + limit.getValue());
      }
    }
    return Optional.empty();
  }

  /** As the flag takes it. */
  public String text() {
    StringBuilder b = new StringBuilder();
    limits.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return b.toString();
  }
}
