package dev.tusk.types;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The text forms of ranges ({@code range_in}/{@code range_out}) and multiranges
 * ({@code multirange_in}/{@code multirange_out}): {@code empty}, {@code [1,5)}, {@code (,5]},
 * {@code {[1,3),[5,7)}}, {@code {}}. A missing bound is unbounded. A bound is double-quoted
 * when it is empty or holds {@code "\()[],} or white space; inside quotes {@code ""} is a
 * quote, and anywhere a backslash takes the next character as it is.
 *
 * <p>One parser reads one value; {@link #loader} and {@link #multirangeLoader} make one per value.
 */
final class RangeText extends ContainerText {
    /** What forces quotes around a bound, besides white space. */
    private static final String SPECIALS = "\"\\()[],";

    private RangeText(String kind, byte[] b, int off, int len, Loader<?> subtype, LoadContext ctx) {
        super(kind, b, off, len, subtype, ctx);
    }

    /** A loader of ranges whose bounds {@code subtype} loads (text). */
    static Loader<Range<Object>> loader(Loader<?> subtype) {
        return (b, off, len, ctx) -> new RangeText("range", b, off, len, subtype, ctx).range();
    }

    /** A loader of multiranges whose ranges' bounds {@code subtype} loads (text). */
    static Loader<Multirange<Object>> multirangeLoader(Loader<?> subtype) {
        return (b, off, len, ctx) -> new RangeText("multirange", b, off, len, subtype, ctx).multirange();
    }

    // ---- reading ----

    private Range<Object> range() {
        skipSpace();
        Range<Object> r = emptyKeyword() ? Range.empty() : literal();
        skipSpace();
        if (pos != end) {
            throw bad("junk after the range");
        }
        return r;
    }

    private Multirange<Object> multirange() {
        skipSpace();
        expect('{');
        skipSpace();
        List<Range<?>> ranges = new ArrayList<>();
        if (pos < end && b[pos] == '}') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                if (!emptyKeyword()) { // the server drops empty ranges
                    if (pos >= end || b[pos] != '[' && b[pos] != '(') {
                        throw bad("expected a range");
                    }
                    ranges.add(literal());
                }
                skipSpace();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos < end && b[pos] == '}') {
                    pos++;
                    break;
                } else {
                    throw bad("expected ',' or '}'");
                }
            }
        }
        skipSpace();
        if (pos != end) {
            throw bad("junk after the multirange");
        }
        return Multirange.wrap(ranges.toArray(new Range<?>[0]));
    }

    /** Reads {@code empty} in any case if it comes next, as {@code range_in} does. */
    private boolean emptyKeyword() {
        if (end - pos < 5) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            if ((b[pos + i] | 0x20) != "empty".charAt(i)) {
                return false;
            }
        }
        pos += 5;
        return true;
    }

    /** {@code [lower,upper)} and the other bracket pairs; a missing bound is unbounded. */
    private Range<Object> literal() {
        boolean lowerInclusive = pos < end && b[pos] == '[';
        if (!lowerInclusive) {
            expect('(');
        } else {
            pos++;
        }
        Object lower = bound();
        expect(',');
        Object upper = bound();
        boolean upperInclusive = b[pos] == ']';
        if (!upperInclusive && b[pos] != ')') {
            throw bad("too many commas");
        }
        pos++;
        return Range.make(lower, upper, lowerInclusive, upperInclusive);
    }

    /** One bound, up to the {@code ,}, {@code )} or {@code ]} after it; {@code null} if there is none. */
    private Object bound() {
        int from = pos;
        // Fast path: a bound without quotes or backslashes loads straight from the row's bytes.
        int i = from;
        while (i < end && !isBoundEnd(b[i]) && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        if (i < end && isBoundEnd(b[i])) {
            pos = i;
            return i == from ? null : inner.load(b, from, i - from, ctx);
        }
        return decoded();
    }

    /** A bound with quotes or backslashes, unescaped into its own range of the scratch array. */
    private Object decoded() {
        byte[] scratch = scratch();
        int from = scratchEnd();
        int out = from;
        boolean inQuotes = false;
        while (true) {
            if (pos >= end) {
                throw bad("unexpected end of input");
            }
            byte c = b[pos++];
            if (c == '\\') {
                if (pos >= end) {
                    throw bad("unexpected end of input");
                }
                scratch[out++] = b[pos++];
            } else if (c == '"') {
                if (inQuotes && pos < end && b[pos] == '"') {
                    scratch[out++] = b[pos++];
                } else {
                    inQuotes = !inQuotes;
                }
            } else if (!inQuotes && isBoundEnd(c)) {
                pos--;
                break;
            } else {
                scratch[out++] = c;
            }
        }
        return loadScratch(from, out);
    }

    private static boolean isBoundEnd(byte c) {
        return c == ',' || c == ')' || c == ']';
    }

    // ---- writing ----

    /**
     * Writes a {@link Range} or {@link Multirange} in text form, each bound's text as
     * {@code boundText} writes it, quoted where the server would.
     */
    static void write(Object value, BiConsumer<Object, ByteSink> boundText, ByteSink out) {
        ByteSink scratch = new ByteSink(32);
        if (value instanceof Range<?> r) {
            range(r, boundText, scratch, out);
            return;
        }
        out.writeByte('{');
        List<?> ranges = (Multirange<?>) value;
        for (int i = 0; i < ranges.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            range((Range<?>) ranges.get(i), boundText, scratch, out);
        }
        out.writeByte('}');
    }

    /** The text form as a string, for literals and {@code toString()}. */
    static String toString(Object value, BiConsumer<Object, ByteSink> boundText) {
        return asString(out -> write(value, boundText, out));
    }

    private static void range(Range<?> r, BiConsumer<Object, ByteSink> boundText, ByteSink scratch, ByteSink out) {
        if (r.isEmpty()) {
            out.writeUtf8("empty");
            return;
        }
        out.writeByte(r.lowerInclusive() ? '[' : '(');
        bound(r.lower(), boundText, scratch, out);
        out.writeByte(',');
        bound(r.upper(), boundText, scratch, out);
        out.writeByte(r.upperInclusive() ? ']' : ')');
    }

    /** {@code range_bound_escape}: quotes when needed, doubling quotes and backslashes. */
    private static void bound(Object v, BiConsumer<Object, ByteSink> boundText, ByteSink scratch, ByteSink out) {
        if (v == null) {
            return;
        }
        scratch.clear();
        boundText.accept(v, scratch);
        writeValue(scratch.array(), scratch.size(), SPECIALS, false, false, out);
    }
}
