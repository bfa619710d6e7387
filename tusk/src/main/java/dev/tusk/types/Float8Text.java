package dev.tusk.types;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * {@code float8} text exactly as PostgreSQL 12+ writes it with the default
 * {@code extra_float_digits=1}: the shortest decimal that reads back as the same double
 * (the nearer one of two, ties to even, as the server's Ryu code picks), in fixed notation
 * for decimal exponents -4 to 14 and as {@code 1.5e+300} otherwise; {@code NaN},
 * {@code Infinity}, {@code -Infinity}, {@code -0}. The geometric types' text forms are made
 * of these numbers.
 */
final class Float8Text {
    private Float8Text() {
    }

    /** Java 17's {@code Double.toString} is not always the shortest, so the digits are searched. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        BigDecimal d = shortest(Math.abs(v));
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        StringBuilder sb = new StringBuilder(26);
        if (v < 0) {
            sb.append('-');
        }
        if (exponent >= -4 && exponent < 15) {
            return sb.append(d.toPlainString()).toString();
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    /**
     * The fewest significant digits strictly inside the interval of decimals that read back
     * as {@code abs}, without trailing zeros. Strictly: PostgreSQL builds Ryu without
     * {@code STRICTLY_SHORTEST}, so a decimal exactly halfway to the neighbouring double is not
     * taken even when it would read back as this one ({@code 1e23} prints as
     * {@code 9.999999999999999e+22}).
     */
    private static BigDecimal shortest(double abs) {
        BigDecimal exact = new BigDecimal(abs);
        BigDecimal half = BigDecimal.valueOf(5, 1);
        BigDecimal low = exact.subtract(new BigDecimal(abs - Math.nextDown(abs)).multiply(half));
        BigDecimal high = exact.add(new BigDecimal(Math.ulp(abs)).multiply(half));
        // A fit at p digits is a fit at p + 1 digits too, so the least p is found by bisection;
        // 17 digits always fit.
        int lo = 1;
        int hi = 17;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fit(exact, low, high, mid) != null) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return fit(exact, low, high, lo).stripTrailingZeros();
    }

    /**
     * The {@code p}-digit decimal nearest to {@code exact} (ties to even) among the two around
     * it that lie strictly between {@code low} and {@code high}, or null if neither does.
     */
    private static BigDecimal fit(BigDecimal exact, BigDecimal low, BigDecimal high, int p) {
        BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
        boolean downFits = down.compareTo(low) > 0;
        boolean upFits = up.compareTo(high) < 0;
        if (downFits && upFits) {
            int c = exact.subtract(down).compareTo(up.subtract(exact));
            return c > 0 || (c == 0 && down.unscaledValue().testBit(0)) ? up : down;
        }
        return downFits ? down : upFits ? up : null;
    }
}
