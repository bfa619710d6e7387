package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.util.function.BiConsumer;

/**
 * The binary forms of ranges ({@code range_send}/{@code range_recv}): one flags byte, then
 * for each bound present int4 length and its bytes in the subtype's binary form; and of
 * multiranges ({@code multirange_send}): int4 number of ranges, then each range as int4
 * length and its bytes.
 */
final class RangeBinary {
    private RangeBinary() {
    }

    static final int EMPTY = 0x01;
    static final int LOWER_INCLUSIVE = 0x02;
    static final int UPPER_INCLUSIVE = 0x04;
    static final int LOWER_INFINITE = 0x08;
    static final int UPPER_INFINITE = 0x10;
    /** Never set by the server ({@code RANGE_LB_NULL}, "not used"); like infinite, no bound follows. */
    static final int LOWER_NULL = 0x20;
    static final int UPPER_NULL = 0x40;

    /** A loader of ranges whose bounds {@code subtype} loads (binary). */
    static Loader<Range<Object>> loader(Loader<?> subtype) {
        return (b, off, len, ctx) -> read(b, off, off + len, subtype, ctx);
    }

    /** A loader of multiranges whose ranges' bounds {@code subtype} loads (binary). */
    static Loader<Multirange<Object>> multirangeLoader(Loader<?> subtype) {
        return (b, off, len, ctx) -> {
            int end = off + len;
            if (len < 4) {
                throw bad("multirange", "header cut short");
            }
            int count = Bytes.getInt(b, off);
            // every range takes at least its length and flags: this also bounds the count
            if (count < 0 || count > (len - 4) / 5) {
                throw bad("multirange", count + " ranges do not fit in " + len + " bytes");
            }
            Range<?>[] ranges = new Range<?>[count];
            int pos = off + 4;
            for (int i = 0; i < count; i++) {
                int n = length(b, pos, end, "multirange");
                ranges[i] = read(b, pos + 4, pos + 4 + n, subtype, ctx);
                pos += 4 + n;
            }
            if (pos != end) {
                throw bad("multirange", (end - pos) + " bytes left over");
            }
            return Multirange.wrap(ranges);
        };
    }

    private static Range<Object> read(byte[] b, int off, int end, Loader<?> subtype, LoadContext ctx) {
        if (end - off < 1) {
            throw bad("range", "no flags");
        }
        int flags = b[off] & 0xFF;
        int pos = off + 1;
        if ((flags & EMPTY) != 0) {
            if (pos != end) {
                throw bad("range", "an empty range with bounds");
            }
            return Range.empty();
        }
        Object lower = null;
        Object upper = null;
        if ((flags & (LOWER_INFINITE | LOWER_NULL)) == 0) {
            int n = length(b, pos, end, "range");
            lower = subtype.load(b, pos + 4, n, ctx);
            pos += 4 + n;
        }
        if ((flags & (UPPER_INFINITE | UPPER_NULL)) == 0) {
            int n = length(b, pos, end, "range");
            upper = subtype.load(b, pos + 4, n, ctx);
            pos += 4 + n;
        }
        if (pos != end) {
            throw bad("range", (end - pos) + " bytes left over");
        }
        return Range.make(lower, upper, (flags & LOWER_INCLUSIVE) != 0, (flags & UPPER_INCLUSIVE) != 0);
    }

    /** The int4 length at {@code pos}, checked to fit with its bytes before {@code end}. */
    private static int length(byte[] b, int pos, int end, String type) {
        if (end - pos < 4) {
            throw bad(type, "length cut short");
        }
        int n = Bytes.getInt(b, pos);
        if (n < 0 || n > end - pos - 4) {
            throw bad(type, "a part of " + n + " bytes does not fit");
        }
        return n;
    }

    private static DataException bad(String type, String why) {
        return new DataException("bad " + type + " binary value: " + why);
    }

    /**
     * Writes a {@link Range} or {@link Multirange} in binary form, each bound's bytes as
     * {@code bound} writes them.
     */
    static void write(Object value, BiConsumer<Object, ByteSink> bound, ByteSink out) {
        if (value instanceof Range<?> r) {
            range(r, bound, out);
            return;
        }
        Multirange<?> m = (Multirange<?>) value;
        out.writeInt(m.size());
        for (Range<?> r : m) {
            int at = out.reserveInt();
            range(r, bound, out);
            out.putInt(at, out.size() - at - 4);
        }
    }

    private static void range(Range<?> r, BiConsumer<Object, ByteSink> bound, ByteSink out) {
        if (r.isEmpty()) {
            out.writeByte(EMPTY);
            return;
        }
        Object lower = r.lower();
        Object upper = r.upper();
        out.writeByte((lower == null ? LOWER_INFINITE : r.lowerInclusive() ? LOWER_INCLUSIVE : 0)
                | (upper == null ? UPPER_INFINITE : r.upperInclusive() ? UPPER_INCLUSIVE : 0));
        for (Object v : new Object[] {lower, upper}) {
            if (v != null) {
                int at = out.reserveInt();
                bound.accept(v, out);
                out.putInt(at, out.size() - at - 4);
            }
        }
    }
}
