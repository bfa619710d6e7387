package dev.tusk.types;

import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL {@code pg_lsn}: a position in the write-ahead log, an unsigned 64-bit number.
 * {@code pg_lsn} columns load as this record, and it dumps as {@code pg_lsn}.
 *
 * <pre>{@code
 * Lsn lsn = (Lsn) conn.execute("SELECT pg_current_wal_lsn()").fetchOne().get(0);
 * Lsn.parse("16/B374D848").value();   // 0x16B374D848L
 * lsn.toString();                     // e.g. "0/1A2B3C8"
 * }</pre>
 *
 * Ordered as the server orders them (unsigned).
 *
 * @param value the position, read as unsigned
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /**
     * Parses the text form: two hexadecimal numbers of up to 8 digits, the high and low 32
     * bits, as in {@code 16/B374D848}.
     *
     * @param text the text
     * @return the value
     * @throws dev.tusk.errors.DataException if the text is not in that form
     */
    public static Lsn parse(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.US_ASCII);
        return NumberCodecs.parseLsn(b, 0, b.length);
    }

    /**
     * Compares as unsigned numbers, as the server does.
     *
     * @param other the other position
     * @return negative, zero or positive
     */
    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    /**
     * The text form as PostgreSQL writes it: {@code 16/B374D848} (upper-case hex).
     *
     * @return the text
     */
    @Override
    public String toString() {
        return Integer.toHexString((int) (value >>> 32)).toUpperCase() + "/"
                + Integer.toHexString((int) value).toUpperCase();
    }
}
