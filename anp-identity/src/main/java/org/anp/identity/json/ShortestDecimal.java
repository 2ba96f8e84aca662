package org.anp.identity.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal that reads back as a given double, which both ECMAScript's
 * {@code Number.prototype.toString} (ES2015 7.1.12.1) and Python's {@code repr(float)} start from:
 * the fewest significant digits {@code s} such that {@code s x 10^(n-k)} rounds to the double, and
 * of those the one nearest the double's exact value (the even one on a tie).
 *
 * <p>Java 17's {@code Double.toString} always reads back but is sometimes one or more digits
 * longer than necessary ({@code 1.0E23} prints as {@code 9.999999999999999E22}), so its digit count
 * is only the starting point: shorter lengths are tried while they still read back, and at each
 * length both neighbours of the exact value are compared. Immutable.
 *
 * @param digits the significant digits, no leading or trailing zeros ({@code k = digits.length()})
 * @param exponent {@code n}: the value is {@code 0.digits x 10^n}
 */
record ShortestDecimal(String digits, int exponent) {

  /** The shortest decimal of a finite, strictly positive {@code value}. */
  static ShortestDecimal of(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a finite positive double: " + value);
    }
    Target target = new Target(value);
    int length = significantDigits(Double.toString(value));
    // Only this rounding works on the long exact expansion; later ones round short decimals,
    // which is equivalent because the k-digit grids nest inside the (k+1)-digit ones.
    BigDecimal down = target.exact.round(new MathContext(length, RoundingMode.FLOOR));
    BigDecimal up = down.compareTo(target.exact) == 0 ? down : down.add(down.ulp());
    BigDecimal best = target.nearestReadingBack(down, up);
    if (best == null) {
      // Double.toString is specified to read back, so its length always has a candidate.
      throw new IllegalStateException("Double.toString does not read back: " + value);
    }
    // If a k-digit decimal reads back, so does a (k+1)-digit one; walk down to the shortest.
    for (int k = length - 1; k >= 1; k--) {
      down = down.round(new MathContext(k, RoundingMode.FLOOR));
      up = up.round(new MathContext(k, RoundingMode.CEILING));
      BigDecimal shorter = target.nearestReadingBack(down, up);
      if (shorter == null) {
        break;
      }
      best = shorter;
    }
    BigDecimal stripped = best.stripTrailingZeros();
    String s = stripped.unscaledValue().toString();
    return new ShortestDecimal(s, s.length() - stripped.scale());
  }

  /** One double, its exact value, and the test whether a decimal reads back as it. */
  private static final class Target {
    final BigDecimal exact;
    private final double value;

    Target(double value) {
      this.value = value;
      this.exact = new BigDecimal(value);
    }

    boolean readsBack(BigDecimal candidate) {
      // BigDecimal.doubleValue rounds correctly (exactly, or via Double.parseDouble).
      return candidate.doubleValue() == value;
    }

    /** Of two neighbouring candidates, the one nearer the exact value that reads back, or null. */
    BigDecimal nearestReadingBack(BigDecimal down, BigDecimal up) {
      boolean downOk = readsBack(down);
      boolean upOk = readsBack(up);
      if (downOk && upOk) {
        int cmp = exact.subtract(down).compareTo(up.subtract(exact));
        if (cmp != 0) {
          return cmp < 0 ? down : up;
        }
        return down.unscaledValue().testBit(0) ? up : down;
      }
      if (downOk) {
        return down;
      }
      return upOk ? up : null;
    }
  }

  private static int significantDigits(String javaText) {
    int e = javaText.indexOf('E');
    String mantissa = e < 0 ? javaText : javaText.substring(0, e);
    int first = -1;
    int last = -1;
    int count = 0;
    for (int i = 0; i < mantissa.length(); i++) {
      char c = mantissa.charAt(i);
      if (c >= '0' && c <= '9') {
        if (first < 0 && c != '0') {
          first = count;
        }
        if (c != '0') {
          last = count;
        }
        count++;
      }
    }
    return last - first + 1;
  }

  /** ECMAScript {@code Number::toString} layout of this positive value (ES2015 7.1.12.1). */
  String ecmaScript() {
    int k = digits.length();
    int n = exponent;
    StringBuilder out = new StringBuilder(k + 8);
    if (k <= n && n <= 21) {
      out.append(digits);
      appendZeros(out, n - k);
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      appendZeros(out, -n);
      out.append(digits);
    } else {
      appendScientific(out, n - 1, 1);
    }
    return out.toString();
  }

  /**
   * Python {@code repr(float)} layout of this positive value: positional between 1e-4 and 1e16
   * (always with a fraction, {@code 5.0}), otherwise scientific with at least two exponent digits
   * ({@code 1e-05}, {@code 1e+16}).
   */
  String python() {
    int k = digits.length();
    int n = exponent;
    StringBuilder out = new StringBuilder(k + 8);
    if (n <= -4 || n > 16) {
      appendScientific(out, n - 1, 2);
    } else if (n <= 0) {
      out.append("0.");
      appendZeros(out, -n);
      out.append(digits);
    } else if (n >= k) {
      out.append(digits);
      appendZeros(out, n - k);
      out.append(".0");
    } else {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    }
    return out.toString();
  }

  private void appendScientific(StringBuilder out, int e, int minExponentDigits) {
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(e < 0 ? '-' : '+');
    String abs = Integer.toString(Math.abs(e));
    appendZeros(out, minExponentDigits - abs.length());
    out.append(abs);
  }

  private static void appendZeros(StringBuilder out, int count) {
    for (int i = 0; i < count; i++) {
      out.append('0');
    }
  }
}
