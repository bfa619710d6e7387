package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * {@code numeric}: {@link BigDecimal} in both formats.
 *
 * <p>The binary form ({@code numeric_send}) is four int16s, {@code ndigits}, {@code weight},
 * {@code sign} and {@code dscale}, then {@code ndigits} base-10000 digits: the value is
 * {@code sum(digit[i] * 10000^(weight - i))}, shown with {@code dscale} decimals. Sign
 * {@code 0x0000} is positive, {@code 0x4000} negative, {@code 0xC000} NaN, {@code 0xD000}
 * +Infinity and {@code 0xF000} -Infinity; those three load as {@link Double}s.
 */
final class NumericCodec {
    private NumericCodec() {
    }

    static final int POS = 0x0000;
    static final int NEG = 0x4000;
    static final int NAN = 0xC000;
    static final int PINF = 0xD000;
    static final int NINF = 0xF000;
    /** The largest display scale the format holds (14 bits). */
    static final int MAX_DSCALE = 0x3FFF;

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
        1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
        10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L,
        10_000_000_000_000_000L, 100_000_000_000_000_000L,
    };

    // ---- binary ----

    static final Loader<Object> BINARY = (b, off, len, ctx) -> {
        if (len < 8) {
            throw new DataException("bad numeric binary value: " + len + " bytes, need at least 8");
        }
        int ndigits = Bytes.getUnsignedShort(b, off);
        int weight = Bytes.getShort(b, off + 2);
        int sign = Bytes.getUnsignedShort(b, off + 4);
        int dscale = Bytes.getUnsignedShort(b, off + 6);
        if (len != 8 + 2 * ndigits) {
            throw new DataException("bad numeric binary value: " + ndigits + " digits need "
                    + (8 + 2 * ndigits) + " bytes, got " + len);
        }
        switch (sign) {
            case NAN:
                return Double.NaN;
            case PINF:
                return Double.POSITIVE_INFINITY;
            case NINF:
                return Double.NEGATIVE_INFINITY;
            case POS:
            case NEG:
                break;
            default:
                throw new DataException("bad numeric binary value: invalid sign 0x" + Integer.toHexString(sign));
        }
        if (dscale > MAX_DSCALE) {
            throw new DataException("bad numeric binary value: invalid scale " + dscale);
        }
        if (ndigits == 0) {
            return BigDecimal.valueOf(0, dscale);
        }
        // unscaled integer from the digits, then its scale: the last digit has weight
        // (weight - ndigits + 1), i.e. 4 * (ndigits - 1 - weight) decimals.
        int scale = 4 * (ndigits - 1 - weight);
        BigDecimal v;
        if (ndigits <= 4) {
            long acc = 0;
            for (int i = 0; i < ndigits; i++) {
                acc = acc * 10_000 + digit(b, off + 8 + 2 * i);
            }
            long unscaled = rescale(acc, scale, dscale);
            if (unscaled >= 0) {
                // The common case, e.g. numeric(12,2): one BigDecimal, already at the display scale.
                return BigDecimal.valueOf(sign == NEG ? -unscaled : unscaled, dscale);
            }
            v = BigDecimal.valueOf(sign == NEG ? -acc : acc, scale);
        } else {
            char[] chars = new char[ndigits * 4];
            for (int i = 0; i < ndigits; i++) {
                int d = digit(b, off + 8 + 2 * i);
                chars[4 * i] = (char) ('0' + d / 1000);
                chars[4 * i + 1] = (char) ('0' + d / 100 % 10);
                chars[4 * i + 2] = (char) ('0' + d / 10 % 10);
                chars[4 * i + 3] = (char) ('0' + d % 10);
            }
            BigInteger unscaled = new BigInteger(new String(chars));
            v = new BigDecimal(sign == NEG ? unscaled.negate() : unscaled, scale);
        }
        if (v.scale() == dscale) {
            return v;
        }
        try {
            return v.setScale(dscale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new DataException("bad numeric binary value: digits beyond display scale " + dscale);
        }
    };

    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    };

    /**
     * {@code acc} (non-negative, with {@code scale} decimals) as an unscaled value with
     * {@code dscale} decimals, or -1 when that needs more than a small exact multiplication
     * or division (the caller then takes the general path, which also rejects inexact ones).
     */
    private static long rescale(long acc, int scale, int dscale) {
        int shift = dscale - scale;
        if (shift == 0) {
            return acc;
        }
        if (shift > 0 && shift < POWERS_OF_TEN.length) {
            long p = POWERS_OF_TEN[shift];
            return acc <= Long.MAX_VALUE / p ? acc * p : -1;
        }
        if (shift < 0 && -shift < POWERS_OF_TEN.length) {
            long p = POWERS_OF_TEN[-shift];
            return acc % p == 0 ? acc / p : -1;
        }
        return -1;
    }

    private static int digit(byte[] b, int at) {
        int d = Bytes.getShort(b, at);
        if (d < 0 || d > 9999) {
            throw new DataException("bad numeric binary value: invalid digit " + d);
        }
        return d;
    }

    /** Writes {@code v} in {@code numeric_send} form. */
    static void write(BigDecimal v, ByteSink out) {
        // digits before the point; PostgreSQL's limit is 131072 (weight < 32768 groups)
        if (v.signum() != 0 && (long) v.precision() - v.scale() > 131072) {
            throw new DataException("numeric value out of PostgreSQL's range: more than 131072 digits before the point");
        }
        if (v.scale() < 0) {
            v = v.setScale(0); // exact: multiplies the unscaled value
        }
        int dscale = v.scale();
        if (dscale > MAX_DSCALE) {
            BigDecimal stripped = v.stripTrailingZeros();
            if (stripped.scale() > MAX_DSCALE) {
                throw new DataException("numeric value has too many decimals for PostgreSQL ("
                        + stripped.scale() + " > " + MAX_DSCALE + ")");
            }
            v = stripped.scale() < 0 ? stripped.setScale(0) : stripped;
            dscale = v.scale();
        }
        int signum = v.signum();
        if (signum == 0) {
            out.writeShort(0).writeShort(0).writeShort(POS).writeShort(dscale);
            return;
        }
        BigInteger unscaled = v.unscaledValue().abs();
        String digits;
        if (unscaled.bitLength() < 63) {
            digits = Long.toString(unscaled.longValue());
        } else {
            digits = unscaled.toString();
        }
        // Decimal digits: intDigits before the point, dscale after (left-padded with zeros
        // when the number is below 1).
        int n = digits.length();
        int intDigits = n - dscale; // may be <= 0
        // Position of digit j (0-based in `digits`) relative to the point: power = intDigits - 1 - j.
        // Group into base-10000 digits aligned on the point: group g covers powers 4g..4g+3.
        int firstPower = intDigits - 1;         // power of digits[0]
        int lastPower = intDigits - n;          // power of digits[n-1] = -dscale
        int firstGroup = Math.floorDiv(firstPower, 4);
        int lastGroup = Math.floorDiv(lastPower, 4);
        // strip trailing zero groups
        int[] groups = new int[firstGroup - lastGroup + 1];
        for (int j = 0; j < n; j++) {
            int power = firstPower - j;
            int g = Math.floorDiv(power, 4);
            int within = power - 4 * g;
            groups[firstGroup - g] += (digits.charAt(j) - '0') * (int) POW10[within];
        }
        int count = groups.length;
        while (count > 0 && groups[count - 1] == 0) {
            count--;
        }
        int start = 0;
        while (start < count && groups[start] == 0) {
            start++; // cannot happen for a non-zero leading digit, kept for safety
        }
        int weight = firstGroup - start;
        int ndigits = count - start;
        if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE || ndigits > 0xFFFF) {
            throw new DataException("numeric value out of PostgreSQL's range");
        }
        out.writeShort(ndigits).writeShort(weight).writeShort(signum < 0 ? NEG : POS).writeShort(dscale);
        for (int i = start; i < count; i++) {
            out.writeShort(groups[i]);
        }
    }

    // ---- text ----

    static final Loader<Object> TEXT = (b, off, len, ctx) -> {
        if (len == 0) {
            throw Bytes.bad("numeric", b, off, len);
        }
        switch (b[off]) {
            case 'N':
                if (Bytes.equalsAscii(b, off, len, "NaN")) {
                    return Double.NaN;
                }
                break;
            case 'I':
                if (Bytes.equalsAscii(b, off, len, "Infinity")) {
                    return Double.POSITIVE_INFINITY;
                }
                break;
            case '-':
                if (Bytes.equalsAscii(b, off, len, "-Infinity")) {
                    return Double.NEGATIVE_INFINITY;
                }
                break;
            default:
                break;
        }
        return parseDecimal(b, off, len);
    };

    /** Parses {@code [+-]digits[.digits]} (allocation-free below 19 digits), else via BigDecimal. */
    static BigDecimal parseDecimal(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long acc = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        boolean simple = true;
        for (; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                acc = acc * 10 + (c - '0');
                digits++;
                if (point) {
                    scale++;
                }
                if (digits > 18) {
                    simple = false;
                    break;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                simple = false;
                break;
            }
        }
        if (simple) {
            if (digits == 0) {
                throw Bytes.bad("numeric", b, off, len);
            }
            return BigDecimal.valueOf(neg ? -acc : acc, scale);
        }
        char[] chars = new char[len];
        for (int j = 0; j < len; j++) {
            chars[j] = (char) (b[off + j] & 0xFF);
        }
        try {
            return new BigDecimal(chars);
        } catch (NumberFormatException e) {
            throw Bytes.bad("numeric", b, off, len);
        }
    }

    /** A bare numeric literal, negatives in parentheses: {@code 1.50}, {@code (-2)}. */
    static String quote(BigDecimal v) {
        String s = v.toPlainString();
        return v.signum() < 0 ? "(" + s + ")" : s;
    }

    static final Dumper<BigDecimal> DECIMAL_DUMPER = new SimpleDumper<>(Oids.NUMERIC, Format.BINARY,
            NumericCodec::write, NumericCodec::quote);

    static final Dumper<BigInteger> BIGINT_DUMPER = new SimpleDumper<>(Oids.NUMERIC, Format.BINARY,
            (v, out) -> write(new BigDecimal(v), out), v -> quote(new BigDecimal(v)));
}
