package io.ghostflink.operators.source;

import java.time.LocalDate;

/**
 * Carries MySQL dates with a zero part ('0000-00-00', '2020-00-15', '2020-05-00') through Debezium,
 * whose value types ({@link LocalDate}) have no zero month or day. Such a date travels as a date in
 * a negative year, which no MySQL date has: {@code -1 - (year * 4 + monthZero * 2 + dayZero)}, with
 * a zero month or day stored as 1. Years stay above -40,000, so the value also fits Debezium's
 * microseconds since the epoch.
 */
public final class ZeroDates {
  private ZeroDates() {}

  /** The date to hand to Debezium for year-month-day as MySQL stored them. */
  public static LocalDate encode(int year, int month, int day) {
    if (month != 0 && day != 0) {
      return LocalDate.of(year, month, day);
    }
    int flags = (month == 0 ? 2 : 0) + (day == 0 ? 1 : 0);
    return LocalDate.of(-1 - (year * 4 + flags), month == 0 ? 1 : month, day == 0 ? 1 : day);
  }

  /** Whether {@code date} came from {@link #encode} with a zero part. */
  public static boolean isEncoded(LocalDate date) {
    return date.getYear() < 0;
  }

  /** The MySQL text of a date: 'yyyy-mm-dd', zero parts restored. */
  public static String text(LocalDate date) {
    if (!isEncoded(date)) {
      return String.format(
          "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
    int v = -1 - date.getYear();
    int year = v / 4;
    int month = (v & 2) != 0 ? 0 : date.getMonthValue();
    int day = (v & 1) != 0 ? 0 : date.getDayOfMonth();
    return String.format("%04d-%02d-%02d", year, month, day);
  }
}
