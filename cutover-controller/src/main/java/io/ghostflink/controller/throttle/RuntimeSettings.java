package io.ghostflink.controller.throttle;

import io.ghostflink.operators.sql.ChangelogSql;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operator's runtime settings of a running migration ({@code ghostflink set}, the interactive
 * socket), as the {@code control:…} rows of its changelog table they become: the controller and the
 * copy's planner read those within a second. Validated here, before anything is written.
 */
public final class RuntimeSettings {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** The settings by name, and the hint each writes. */
  public static final Map<String, String> HINTS = new LinkedHashMap<>();

  static {
    HINTS.put("chunk-time", ChangelogSql.CONTROL_CHUNKING);
    HINTS.put("chunk-size", ChangelogSql.CONTROL_CHUNKING);
    HINTS.put("max-load", ChangelogSql.CONTROL_MAX_LOAD);
    HINTS.put("critical-load", ChangelogSql.CONTROL_CRITICAL_LOAD);
    HINTS.put("max-lag-millis", ChangelogSql.CONTROL_MAX_LAG);
    HINTS.put("max-commit-latency-ratio", ChangelogSql.CONTROL_COMMIT_LATENCY);
    HINTS.put("max-checkpoint-age-ratio", ChangelogSql.CONTROL_CHECKPOINT_AGE);
    HINTS.put("nice-ratio", ChangelogSql.CONTROL_NICE_RATIO);
    HINTS.put("max-cpu-ratio", ChangelogSql.CONTROL_CPU);
  }

  private RuntimeSettings() {}

  /**
   * A duration as operators write them: {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h}, or
   * {@code 0}.
   *
   * @throws IllegalArgumentException saying which forms are understood
   */
  public static Duration duration(String value) {
    String v = value.strip();
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration like 500ms, 3s, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /**
   * The hint and value one {@code name=value} setting writes (an empty value: back to the flag).
   *
   * @throws IllegalArgumentException the setting is unknown or its value does not parse
   */
  public static Map.Entry<String, String> parse(String setting) {
    int eq = setting.indexOf('=');
    String name = eq < 0 ? setting.strip() : setting.substring(0, eq).strip();
    String value = eq < 0 ? null : setting.substring(eq + 1).strip();
    String hint = HINTS.get(name);
    if (hint == null || value == null) {
      throw new IllegalArgumentException(
          "'"
              + setting
              + "' is not a setting; give name=value with a name of "
              + String.join(", ", HINTS.keySet()));
    }
    if (value.isEmpty()) {
      return Map.entry(hint, "");
    }
    return Map.entry(
        hint,
        switch (name) {
          case "chunk-time" -> {
            Duration d = duration(value);
            if (d.toMillis() < 10 || d.toSeconds() > 60) {
              throw new IllegalArgumentException("chunk-time must be between 10ms and 60s");
            }
            yield "time " + d.toMillis();
          }
          case "chunk-size" -> "size " + bounded(name, value, 10, 1_000_000);
          case "max-lag-millis" -> Long.toString(bounded(name, value, 100, Long.MAX_VALUE));
          case "max-commit-latency-ratio" -> Double.toString(ratio(value));
          case "max-checkpoint-age-ratio" -> Double.toString(fraction(value));
          case "nice-ratio" -> Double.toString(nice(value));
          case "max-cpu-ratio" -> Double.toString(cpu(value));
          default -> LoadThresholds.parse(name, value).text();
        });
  }

  /**
   * A {@code --max-commit-latency-ratio}: over 1, or 0 for off.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static double ratio(String value) {
    java.util.OptionalDouble r = io.ghostflink.operators.copy.LatencyHold.ratio(value);
    if (r.isPresent() && r.getAsDouble() <= 1000) {
      return r.getAsDouble();
    }
    throw new IllegalArgumentException(
        "max-commit-latency-ratio must be a number over 1 (at most 1000), or 0 to turn the guard"
            + " off");
  }

  /**
   * A {@code --max-checkpoint-age-ratio}: a fraction of the redo log from 0 (off) to under 1.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static double fraction(String value) {
    return valid(
        io.ghostflink.operators.copy.RedoGauge.ratio(value),
        "max-checkpoint-age-ratio must be a fraction of the redo log from 0 to under 1 (e.g. 0.7),"
            + " or 0 to turn it off");
  }

  /**
   * A {@code --max-cpu-ratio}: a share of the machine's CPU from 0 (off) to 1.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static double cpu(String value) {
    return valid(
        io.ghostflink.operators.copy.CopySpec.cpuRatio(value),
        "max-cpu-ratio must be a share of the machine's CPU from 0 to 1 (e.g. 0.65), or 0 to turn"
            + " it off");
  }

  /**
   * A {@code --nice-ratio}: from 0 (no rest) to 100.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static double nice(String value) {
    return valid(
        io.ghostflink.operators.copy.CopySpec.niceRatio(value),
        "nice-ratio must be a number from 0 to 100 (e.g. 0.5: rest half a chunk's time after"
            + " each)");
  }

  // the value when there is one, else the error saying what is allowed
  private static double valid(java.util.OptionalDouble value, String allowed) {
    return value.orElseThrow(() -> new IllegalArgumentException(allowed));
  }

  private static long bounded(String name, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // said below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + min + (max == Long.MAX_VALUE ? "" : " to " + max));
  }
}
