package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.util.Arrays;

/**
 * {@code bytea}: binary is the raw bytes; text is either the hex form {@code \x0102ff}
 * (the default since PostgreSQL 9.0) or the escape form, where {@code \\} is a backslash
 * and {@code \ooo} an octal byte (with {@code bytea_output=escape}).
 */
final class ByteaCodec {
    private ByteaCodec() {
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static final Loader<byte[]> BINARY = (b, off, len, ctx) -> Arrays.copyOfRange(b, off, off + len);

    static final Loader<byte[]> TEXT = ByteaCodec::parseText;

    static byte[] parseText(byte[] b, int off, int len, LoadContext ctx) {
        if (len >= 2 && b[off] == '\\' && b[off + 1] == 'x') {
            return parseHex(b, off, len);
        }
        return parseEscape(b, off, len);
    }

    private static byte[] parseHex(byte[] b, int off, int len) {
        int end = off + len;
        int n = len - 2;
        if (n % 2 != 0) {
            throw new DataException("invalid bytea hex value: odd number of digits");
        }
        byte[] out = new byte[n / 2];
        for (int i = off + 2, j = 0; i < end; i += 2, j++) {
            int h = Bytes.hexDigit(b[i]);
            int l = Bytes.hexDigit(b[i + 1]);
            if (h < 0 || l < 0) {
                throw new DataException("invalid bytea hex digit in " + Bytes.excerpt(b, off, len));
            }
            out[j] = (byte) (h << 4 | l);
        }
        return out;
    }

    private static byte[] parseEscape(byte[] b, int off, int len) {
        int end = off + len;
        byte[] out = new byte[len];
        int j = 0;
        for (int i = off; i < end; ) {
            byte c = b[i];
            if (c != '\\') {
                out[j++] = c;
                i++;
            } else if (i + 1 < end && b[i + 1] == '\\') {
                out[j++] = '\\';
                i += 2;
            } else if (isOctal(b, i + 1, end)) {
                out[j++] = (byte) (((b[i + 1] - '0') << 6) | ((b[i + 2] - '0') << 3) | (b[i + 3] - '0'));
                i += 4;
            } else {
                throw new DataException("invalid bytea escape sequence in " + Bytes.excerpt(b, off, len));
            }
        }
        return j == out.length ? out : Arrays.copyOf(out, j);
    }

    private static boolean isOctal(byte[] b, int at, int end) {
        return at + 3 <= end
                && b[at] >= '0' && b[at] <= '3'
                && b[at + 1] >= '0' && b[at + 1] <= '7'
                && b[at + 2] >= '0' && b[at + 2] <= '7';
    }

    /** The hex text form, {@code \x...}. */
    static String toHexText(byte[] v) {
        char[] c = new char[2 + 2 * v.length];
        c[0] = '\\';
        c[1] = 'x';
        for (int i = 0; i < v.length; i++) {
            c[2 + 2 * i] = HEX[(v[i] >> 4) & 0xF];
            c[3 + 2 * i] = HEX[v[i] & 0xF];
        }
        return new String(c);
    }

    static final Dumper<byte[]> DUMPER = new SimpleDumper<>(Oids.BYTEA, Format.BINARY,
            (v, out) -> out.write(v), v -> Literals.quoteString(toHexText(v)) + "::bytea");
}
