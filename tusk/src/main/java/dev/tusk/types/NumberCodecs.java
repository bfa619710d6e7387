package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;

/**
 * {@code bool}, the integer types, the OID family, the float types and {@code pg_lsn}:
 * loaders for both formats (text parsed straight from the bytes) and binary dumpers.
 */
final class NumberCodecs {
    private NumberCodecs() {
    }

    // ---- bool ----

    static final Loader<Boolean> BOOL_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 1, "bool");
        return b[off] != 0;
    };

    static final Loader<Boolean> BOOL_TEXT = (b, off, len, ctx) -> {
        if (len == 1) {
            if (b[off] == 't') {
                return Boolean.TRUE;
            }
            if (b[off] == 'f') {
                return Boolean.FALSE;
            }
        }
        throw Bytes.bad("bool", b, off, len);
    };

    static final Dumper<Boolean> BOOL_DUMPER = new SimpleDumper<>(Oids.BOOL, Format.BINARY,
            (v, out) -> out.writeByte(v ? 1 : 0), v -> v ? "true" : "false");

    // ---- integers ----

    static final Loader<Short> INT2_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 2, "int2");
        return Bytes.getShort(b, off);
    };

    static final Loader<Short> INT2_TEXT = (b, off, len, ctx) -> {
        long v = Bytes.parseLong(b, off, len, "int2");
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw new DataException("value out of range for int2: " + v);
        }
        return (short) v;
    };

    static final Loader<Integer> INT4_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 4, "int4");
        return Bytes.getInt(b, off);
    };

    static final Loader<Integer> INT4_TEXT = (b, off, len, ctx) -> {
        long v = Bytes.parseLong(b, off, len, "int4");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new DataException("value out of range for int4: " + v);
        }
        return (int) v;
    };

    static final Loader<Long> INT8_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "int8");
        return Bytes.getLong(b, off);
    };

    static final Loader<Long> INT8_TEXT = (b, off, len, ctx) -> Bytes.parseLong(b, off, len, "int8");

    /** Bare digits; negative numbers in parentheses so that {@code -%s} or {@code %s::int8} stay right. */
    static String quoteInteger(long v) {
        return v < 0 ? "(" + v + ")" : Long.toString(v);
    }

    static final Dumper<Short> INT2_DUMPER = new SimpleDumper<>(Oids.INT2, Format.BINARY,
            (v, out) -> out.writeShort(v), v -> quoteInteger(v));
    static final Dumper<Integer> INT4_DUMPER = new SimpleDumper<>(Oids.INT4, Format.BINARY,
            (v, out) -> out.writeInt(v), v -> quoteInteger(v));
    static final Dumper<Long> INT8_DUMPER = new SimpleDumper<>(Oids.INT8, Format.BINARY,
            (v, out) -> out.writeLong(v), v -> quoteInteger(v));

    // ---- oid family: unsigned 32-bit (xid8: 64-bit) ----

    static final Loader<Long> OID_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 4, "oid");
        return Bytes.getInt(b, off) & 0xFFFFFFFFL;
    };

    static final Loader<Long> OID_TEXT = (b, off, len, ctx) -> {
        long v = Bytes.parseLong(b, off, len, "oid");
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new DataException("value out of range for oid: " + v);
        }
        return v;
    };

    static final Loader<Long> XID8_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "xid8");
        return Bytes.getLong(b, off);
    };

    /** xid8 text is an unsigned 64-bit number; values past 2^63-1 wrap like the binary form. */
    static final Loader<Long> XID8_TEXT = (b, off, len, ctx) -> {
        try {
            return Long.parseUnsignedLong(new String(b, off, len, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw Bytes.bad("xid8", b, off, len);
        }
    };

    /**
     * The text of a {@code reg*} value: a number when the object has no name (or is 0, printed
     * {@code -}), else the name the server prints.
     */
    static final Loader<Object> REG_TEXT = (b, off, len, ctx) -> {
        if (len == 1 && b[off] == '-') {
            return 0L;
        }
        boolean digits = len > 0 && len <= 10;
        for (int i = 0; digits && i < len; i++) {
            digits = Bytes.digit(b[off + i]) >= 0;
        }
        return digits ? (Object) OID_TEXT.load(b, off, len, ctx) : Bytes.utf8(b, off, len);
    };

    // ---- floats ----

    private static final double[] DOUBLE_POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final float[] FLOAT_POW10 = {
        1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f,
    };

    /**
     * Parses a float from text without allocating in the common case: when the decimal
     * mantissa and the power of ten are both exact in the target type, a single division or
     * multiplication is correctly rounded (Clinger's fast path). Otherwise falls back to the
     * JDK's parser.
     */
    static double parseDouble(byte[] b, int off, int len, boolean single) {
        String type = single ? "float4" : "float8";
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        if (Bytes.equalsAscii(b, i, end - i, "Infinity") || Bytes.equalsAscii(b, i, end - i, "inf")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (Bytes.equalsAscii(b, off, len, "NaN")) {
            return Double.NaN;
        }
        long m = 0;
        int sig = 0; // significant digits accumulated in m
        int exp = 0;
        boolean overflow = false;
        int digits = 0;
        for (; i < end && Bytes.digit(b[i]) >= 0; i++, digits++) {
            if (sig < 18) {
                m = m * 10 + (b[i] - '0');
                if (m != 0) {
                    sig++;
                }
            } else {
                overflow = true;
                exp++;
            }
        }
        if (i < end && b[i] == '.') {
            i++;
            for (; i < end && Bytes.digit(b[i]) >= 0; i++, digits++) {
                if (sig < 18) {
                    m = m * 10 + (b[i] - '0');
                    if (m != 0) {
                        sig++;
                    }
                    exp--;
                } else {
                    overflow = true;
                }
            }
        }
        if (digits == 0) {
            throw Bytes.bad(type, b, off, len);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i == end) {
                throw Bytes.bad(type, b, off, len);
            }
            int e = 0;
            for (; i < end && Bytes.digit(b[i]) >= 0; i++) {
                if (e < 100000) {
                    e = e * 10 + (b[i] - '0');
                }
            }
            exp += eneg ? -e : e;
        }
        if (i != end) {
            throw Bytes.bad(type, b, off, len);
        }
        if (!overflow) {
            if (single) {
                if (m <= (1L << 24) && exp >= -10 && exp <= 10) {
                    float f = exp >= 0 ? m * FLOAT_POW10[exp] : m / FLOAT_POW10[-exp];
                    return neg ? -f : f;
                }
            } else if (m <= (1L << 53) && exp >= -22 && exp <= 22) {
                double d = exp >= 0 ? m * DOUBLE_POW10[exp] : m / DOUBLE_POW10[-exp];
                return neg ? -d : d;
            }
        }
        String s = new String(b, off, len, StandardCharsets.US_ASCII);
        try {
            return single ? Float.parseFloat(s) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw Bytes.bad(type, b, off, len);
        }
    }

    static final Loader<Float> FLOAT4_TEXT = (b, off, len, ctx) -> (float) parseDouble(b, off, len, true);

    static final Loader<Double> FLOAT8_TEXT = (b, off, len, ctx) -> parseDouble(b, off, len, false);

    static final Loader<Float> FLOAT4_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 4, "float4");
        return Float.intBitsToFloat(Bytes.getInt(b, off));
    };

    static final Loader<Double> FLOAT8_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "float8");
        return Double.longBitsToDouble(Bytes.getLong(b, off));
    };

    /**
     * A float literal: bare digits for finite values (negatives in parentheses), quoted and
     * cast for NaN, the infinities and negative zero.
     */
    static String quoteDouble(double v, String type) {
        if (Double.isNaN(v)) {
            return "'NaN'::" + type;
        }
        if (Double.isInfinite(v)) {
            return (v > 0 ? "'Infinity'::" : "'-Infinity'::") + type;
        }
        if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
            return "'-0'::" + type;
        }
        // Bare literals are numeric: keep the type with a cast so that e.g. 0.1 stays float.
        String s = type.equals("float4") ? Float.toString((float) v) : Double.toString(v);
        return v < 0 ? "(" + s + ")::" + type : s + "::" + type;
    }

    static final Dumper<Float> FLOAT4_DUMPER = new SimpleDumper<>(Oids.FLOAT4, Format.BINARY,
            (v, out) -> out.writeInt(Float.floatToRawIntBits(v)), v -> quoteDouble(v, "float4"));
    static final Dumper<Double> FLOAT8_DUMPER = new SimpleDumper<>(Oids.FLOAT8, Format.BINARY,
            (v, out) -> out.writeLong(Double.doubleToRawLongBits(v)), v -> quoteDouble(v, "float8"));

    // ---- pg_lsn: an unsigned 64-bit number, text "%X/%X" of its halves ----

    static Lsn parseLsn(byte[] b, int off, int len) {
        int slash = off;
        while (slash < off + len && b[slash] != '/') {
            slash++;
        }
        long hi = Bytes.parseUnsigned(b, off, slash, 8, 16);
        long lo = Bytes.parseUnsigned(b, slash + 1, off + len, 8, 16);
        if (hi < 0 || lo < 0) {
            throw Bytes.bad("pg_lsn", b, off, len);
        }
        return new Lsn(hi << 32 | lo);
    }

    static final Loader<Lsn> LSN_TEXT = (b, off, len, ctx) -> parseLsn(b, off, len);

    static final Loader<Lsn> LSN_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "pg_lsn");
        return new Lsn(Bytes.getLong(b, off));
    };

    static final Dumper<Lsn> LSN_DUMPER = SimpleDumper.binary(Oids.PG_LSN, (v, out) -> out.writeLong(v.value()));
}
