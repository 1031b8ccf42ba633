package io.ghostflink.operators.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's text of a FLOAT or DOUBLE, which its ALTER writes where such a column becomes a string
 * (CHAR, VARCHAR, TEXT, BINARY, BLOB, …), as {@code CAST(c AS CHAR)} of the column and every client
 * read show it: a FLOAT rounded to six significant digits ({@code 0.142857} for the stored {@code
 * 0.14285715}, {@code 16777200} for {@code 16777216}), a DOUBLE in the fewest digits that read back
 * as it ({@code 2.2250738585072014e-308}); in plain notation where it fits the column's width (12
 * characters for a FLOAT, 24 for a DOUBLE) and lies between 10⁻¹⁵ and 10¹⁵, else in MySQL's
 * exponent form ({@code 3.4e38}, {@code 3.48251e12}, {@code 1.4013e-45}) (MySQL's {@code my_gcvt};
 * measured against 8.0.31 in {@code NumberTextIT}). A FLOAT or DOUBLE with fixed decimals or
 * ZEROFILL follows its column ({@link #of}, read once per column).
 *
 * <p>MySQL makes this text only from the column's own value: a value cast to FLOAT or DOUBLE, or
 * such a column's value inserted into a string column, becomes the DOUBLE's text of another width
 * ({@code 0.1428571492433548} for the FLOAT, {@code 2.225073858507201e-308}, or rounded to fit a
 * short column where the ALTER refuses the value). So the written values of those columns are this
 * text: the copies read a FLOAT as the DOUBLE it is, and the binlog carries the number.
 */
public final class NumberText implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final MathContext FLOAT_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);
  private static final int DOUBLE_DIGITS = 17;
  private static final int FLOAT_WIDTH = 12;
  private static final int DOUBLE_WIDTH = 24;
  // the widths ZEROFILL pads to
  private static final int FLOAT_DISPLAY_WIDTH = 12;
  private static final int DOUBLE_DISPLAY_WIDTH = 22;
  private static final Pattern FIXED = Pattern.compile("\\((\\d+),(\\d+)\\)");
  // where plain notation fits, it is used for 0.1e-14 <= |x| and, for numbers without digits
  // after the point, |x| < 0.1e16
  private static final int LOWEST_PLAIN_POINT = -14;
  private static final int HIGHEST_PLAIN_POINT = 15;

  /** The value type ({@link ColumnMapping#valueTypes()}) of a FLOAT or DOUBLE made a string. */
  public static final String AS_STRING = "CHAR";

  private final boolean isFloat;
  // the column's fixed decimals, or -1
  private final int decimals;
  // the width ZEROFILL pads to
  private final int width;
  private final boolean zerofill;

  private NumberText(boolean isFloat, int decimals, int width, boolean zerofill) {
    this.isFloat = isFloat;
    this.decimals = decimals;
    this.width = width;
    this.zerofill = zerofill;
  }

  /** MySQL's text of a FLOAT's {@code value}. */
  public static String ofFloat(float value) {
    if (value == 0) {
      return zero(value);
    }
    // the exact value, rounded to six digits as MySQL's dtoa rounds (to nearest, ties to even)
    return layout(value < 0, new BigDecimal((double) value).abs().round(FLOAT_DIGITS), FLOAT_WIDTH);
  }

  /** MySQL's text of a DOUBLE's {@code value}. */
  public static String ofDouble(double value) {
    if (value == 0) {
      return zero(value);
    }
    return layout(value < 0, shortest(Math.abs(value)), DOUBLE_WIDTH);
  }

  // the fewest digits that read back as the value; of two such, the nearer (as MySQL's dtoa)
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; digits < DOUBLE_DIGITS; digits++) {
      BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
      boolean downReads = down.doubleValue() == value;
      boolean upReads = up.doubleValue() == value;
      if (downReads && upReads) {
        return exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      }
      if (downReads || upReads) {
        return downReads ? down : up;
      }
    }
    return exact.round(new MathContext(DOUBLE_DIGITS, RoundingMode.HALF_EVEN));
  }

  private static String zero(double value) {
    return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
  }

  /**
   * The digits in plain notation ({@code 0.000123}, {@code 16777200}) where they fit in {@code
   * width} characters and the number lies within the plain range, else in exponent form; where
   * plain notation does not fit, it is still used when it is no longer than the exponent form
   * (MySQL's {@code my_gcvt} with the width its FLOAT and DOUBLE columns give it: 12 and 24
   * characters, a sign included, measured in {@code NumberTextIT}). Within those widths every digit
   * of {@code magnitude} fits either way.
   */
  private static String layout(boolean negative, BigDecimal magnitude, int width) {
    BigDecimal rounded = magnitude.stripTrailingZeros();
    String digits = rounded.unscaledValue().toString();
    int length = digits.length();
    int point = length - rounded.scale(); // the value is 0.<digits> x 10^point
    int room = negative ? width - 1 : width;
    int plainLength = point <= 0 ? length - point + 2 : point < length ? length + 1 : point;
    boolean fits = plainLength <= room;
    int exponentDigits =
        1 + (point >= 101 || point <= -99 ? 1 : 0) + (point >= 11 || point <= -9 ? 1 : 0);
    // no digit of plain notation fits, and the exponent form does
    boolean exponentOnly = point <= 0 && room <= 2 - point && room >= 3 + exponentDigits;
    boolean plainNoLonger =
        point <= room && (point >= -1 || (point == -2 && (length > 1 || !exponentOnly)));
    boolean plain =
        (fits || (plainNoLonger && !exponentOnly))
            && (!fits
                || (point >= LOWEST_PLAIN_POINT
                    && (point <= HIGHEST_PLAIN_POINT || length > point)));
    StringBuilder text = new StringBuilder(24);
    if (negative) {
      text.append('-');
    }
    if (!plain) {
      text.append(digits.charAt(0));
      if (length > 1) {
        text.append('.').append(digits, 1, length);
      }
      return text.append('e').append(point - 1).toString();
    }
    if (point <= 0) {
      text.append("0.").append("0".repeat(-point)).append(digits);
    } else if (point < length) {
      text.append(digits, 0, point).append('.').append(digits, point, length);
    } else {
      text.append(digits).append("0".repeat(point - length));
    }
    return text.toString();
  }

  /**
   * For each ghost column of {@code mapping} (with {@code sources}, the original column of each):
   * the text of its values where it is a FLOAT or DOUBLE the ALTER makes a string or JSON, whose
   * values are written as this text; null for every other column.
   */
  public static NumberText[] texted(ColumnMapping mapping, List<Column> sources) {
    NumberText[] texted = new NumberText[sources.size()];
    for (int i = 0; i < texted.length; i++) {
      Column source = sources.get(i);
      if (source.floating() && mapping.valueTypes().get(i).equals(AS_STRING)) {
        texted[i] = of(source);
      }
    }
    return texted;
  }

  /**
   * MySQL's text of the values of the FLOAT or DOUBLE {@code column}: with the column's fixed
   * decimals where it has them ({@code FLOAT(7,3)}: {@code 1.100}), and padded with zeros to its
   * width where it is {@code ZEROFILL} ({@code 000016777200}).
   */
  public static NumberText of(Column column) {
    String type = column.columnType().toLowerCase(Locale.ROOT);
    boolean isFloat = column.dataType().equals("float");
    Matcher fixed = FIXED.matcher(type);
    boolean hasDecimals = fixed.find();
    return new NumberText(
        isFloat,
        hasDecimals ? Integer.parseInt(fixed.group(2)) : -1,
        hasDecimals
            ? Integer.parseInt(fixed.group(1))
            : isFloat ? FLOAT_DISPLAY_WIDTH : DOUBLE_DISPLAY_WIDTH,
        type.contains("zerofill"));
  }

  /** MySQL's text of {@code value} in this text's column. */
  public String text(double value) {
    String text;
    if (decimals >= 0) {
      BigDecimal exact = new BigDecimal(isFloat ? (double) (float) value : value);
      text = exact.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    } else {
      text = isFloat ? ofFloat((float) value) : ofDouble(value);
    }
    return zerofill && text.length() < width ? "0".repeat(width - text.length()) + text : text;
  }

  /**
   * Replaces, in a row of values, the values of the {@link #texted} columns (a number's text) by
   * MySQL's text of the FLOAT or DOUBLE.
   */
  public static void text(NumberText[] texted, byte[][] row) {
    for (int i = 0; i < row.length; i++) {
      if (texted[i] != null && row[i] != null) {
        double value = Double.parseDouble(new String(row[i], StandardCharsets.US_ASCII));
        row[i] = texted[i].text(value).getBytes(StandardCharsets.US_ASCII);
      }
    }
  }
}
