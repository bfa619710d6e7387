package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;

/** Reading helpers over a slice of a DataRow: big-endian integers and ASCII numbers. */
final class Bytes {
    private Bytes() {
    }

    static void expectLength(int length, int want, String type) {
        if (length != want) {
            throw new DataException("bad " + type + " binary value: expected " + want
                    + " bytes, got " + length);
        }
    }

    static short getShort(byte[] b, int off) {
        return (short) (((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF));
    }

    static int getUnsignedShort(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static long getLong(byte[] b, int off) {
        return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFFFFFFL);
    }

    static String utf8(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /** A short, printable excerpt of a bad value for error messages. */
    static String excerpt(byte[] b, int off, int len) {
        String s = new String(b, off, Math.min(len, 60), StandardCharsets.UTF_8);
        return "'" + s + (len > 60 ? "...'" : "'");
    }

    static DataException bad(String type, byte[] b, int off, int len) {
        return new DataException("invalid " + type + " text value: " + excerpt(b, off, len));
    }

    static boolean equalsAscii(byte[] b, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an optionally signed decimal integer from ASCII bytes, without allocating.
     *
     * @throws DataException on anything but {@code [+-]?[0-9]+} fitting in a long
     */
    static long parseLong(byte[] b, int off, int len, String type) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        if (i == end) {
            throw bad(type, b, off, len);
        }
        // Accumulate negatively: the negative range is one larger.
        long acc = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw bad(type, b, off, len);
            }
            if (acc < (Long.MIN_VALUE + d) / 10) {
                throw new DataException("value out of range for " + type + ": " + excerpt(b, off, len));
            }
            acc = acc * 10 - d;
        }
        if (!neg) {
            if (acc == Long.MIN_VALUE) {
                throw new DataException("value out of range for " + type + ": " + excerpt(b, off, len));
            }
            return -acc;
        }
        return acc;
    }

    /**
     * C's {@code isspace} in the C locale (the server's {@code array_isspace} too): what the
     * server skips around array elements and multirange ranges, and quotes in range bounds.
     */
    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    static int digit(byte c) {
        int d = c - '0';
        return d >= 0 && d <= 9 ? d : -1;
    }

    static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
