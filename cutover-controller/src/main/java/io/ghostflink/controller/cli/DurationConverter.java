package io.ghostflink.controller.cli;

import io.ghostflink.controller.throttle.RuntimeSettings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as operators write them: {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h}, 0. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return RuntimeSettings.duration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The same, and a bare number as seconds, as gh-ost's {@code --hooks-status-interval=60}. */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip();
      return v.matches("[0-9]{1,9}")
          ? Duration.ofSeconds(Long.parseLong(v))
          : new DurationConverter().convert(v);
    }
  }
}
