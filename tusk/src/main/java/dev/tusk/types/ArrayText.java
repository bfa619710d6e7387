package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text form of an array ({@code array_in}/{@code array_out}): {@code {1,2,NULL}},
 * {@code {{1,2},{3,4}}}, with {@code [lo:hi]...=} in front when a lower bound is not 1.
 * An element is double-quoted when it is empty, reads {@code NULL}, or holds {@code {},"\},
 * the delimiter or white space; inside quotes {@code "} and {@code \} are backslash-escaped.
 * An unquoted {@code NULL} (any case) is a NULL element.
 *
 * <p>One parser reads one value; {@link #loader} makes one per value.
 */
final class ArrayText {
    private final byte[] b;
    private final int start;
    private final int end;
    private final byte delimiter;
    private final Loader<?> element;
    private final LoadContext ctx;
    private int pos;
    /** Unescaped quoted elements, each in its own range (a loader may keep its slice). */
    private byte[] scratch;
    private int scratchEnd;
    private Object[] values = new Object[8];
    private int count;
    private final int[] dims = new int[PgArray.MAX_DIMENSIONS];
    /** The number of dimensions, known at the first element; -1 before. */
    private int ndim = -1;

    private ArrayText(byte[] b, int off, int len, char delimiter, Loader<?> element, LoadContext ctx) {
        this.b = b;
        this.start = off;
        this.pos = off;
        this.end = off + len;
        this.delimiter = (byte) delimiter;
        this.element = element;
        this.ctx = ctx;
        Arrays.fill(dims, -1);
    }

    /** A loader of arrays whose elements {@code element} loads (text), separated by {@code delimiter}. */
    static Loader<PgArray> loader(Loader<?> element, char delimiter) {
        return (b, off, len, ctx) -> new ArrayText(b, off, len, delimiter, element, ctx).parse();
    }

    // ---- reading ----

    private PgArray parse() {
        skipSpace();
        int[][] declared = pos < end && b[pos] == '[' ? bounds() : null;
        skipSpace();
        expect('{');
        level(0);
        skipSpace();
        if (pos != end) {
            throw bad("junk after closing right brace");
        }
        if (ndim < 0) {
            ndim = 0;
            while (ndim < dims.length && dims[ndim] >= 0) {
                ndim++;
            }
        }
        int[] shape = Arrays.copyOf(dims, ndim);
        int[] lowerBounds = new int[ndim];
        Arrays.fill(lowerBounds, 1);
        if (declared != null && count > 0) {
            if (!Arrays.equals(declared[0], shape)) {
                throw bad("the dimensions in front do not match the contents");
            }
            lowerBounds = declared[1];
        }
        return PgArray.wrap(count == values.length ? values : Arrays.copyOf(values, count), shape, lowerBounds);
    }

    /** {@code [lo:hi][lo:hi]=}: the sizes and the lower bounds. */
    private int[][] bounds() {
        int[] sizes = new int[PgArray.MAX_DIMENSIONS];
        int[] lows = new int[PgArray.MAX_DIMENSIONS];
        int n = 0;
        while (pos < end && b[pos] == '[') {
            if (n == sizes.length) {
                throw bad("more than " + PgArray.MAX_DIMENSIONS + " dimensions");
            }
            pos++;
            long lo = 1;
            long hi = integer();
            if (pos < end && b[pos] == ':') {
                pos++;
                lo = hi;
                hi = integer();
            }
            expect(']');
            if (hi < lo - 1 || hi - lo + 1 > Integer.MAX_VALUE) {
                throw bad("upper bound below lower bound");
            }
            lows[n] = (int) lo;
            sizes[n++] = (int) (hi - lo + 1);
        }
        skipSpace();
        expect('=');
        return new int[][] {Arrays.copyOf(sizes, n), Arrays.copyOf(lows, n)};
    }

    private long integer() {
        int start = pos;
        if (pos < end && (b[pos] == '-' || b[pos] == '+')) {
            pos++;
        }
        while (pos < end && Bytes.digit(b[pos]) >= 0) {
            pos++;
        }
        long v = Bytes.parseLong(b, start, pos - start, "array bound");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad("bound out of range");
        }
        return v;
    }

    /** The inside of one pair of braces at depth {@code d}, its opening brace read. */
    private void level(int d) {
        skipSpace();
        int n = 0;
        if (pos < end && b[pos] == '}') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                boolean sub = pos < end && b[pos] == '{';
                if (sub) {
                    if (d + 1 == dims.length || ndim >= 0 && d + 1 >= ndim) {
                        throw bad("sub-arrays nested deeper than the first ones");
                    }
                    pos++;
                    level(d + 1);
                } else {
                    if (ndim < 0) {
                        ndim = d + 1;
                    } else if (ndim != d + 1) {
                        throw bad("multidimensional arrays must have sub-arrays with matching dimensions");
                    }
                    add(element());
                }
                n++;
                skipSpace();
                if (pos < end && b[pos] == delimiter) {
                    pos++;
                } else if (pos < end && b[pos] == '}') {
                    pos++;
                    break;
                } else {
                    throw bad("expected '" + (char) delimiter + "' or '}'");
                }
            }
        }
        if (dims[d] < 0) {
            dims[d] = n;
        } else if (dims[d] != n) {
            throw bad("multidimensional arrays must have sub-arrays with matching dimensions");
        }
    }

    private Object element() {
        int from = pos;
        // Fast path: a bare token (numbers, dates, ...) loads straight from the row's bytes.
        int i = from;
        while (i < end && b[i] != delimiter && b[i] != '}' && b[i] != '"' && b[i] != '\\' && b[i] != '{') {
            i++;
        }
        if (i < end && (b[i] == delimiter || b[i] == '}')) {
            int last = i;
            while (last > from && Bytes.isSpace(b[last - 1])) {
                last--;
            }
            if (last == from) {
                throw bad("empty element");
            }
            pos = i;
            return isNull(b, from, last - from) ? null : element.load(b, from, last - from, ctx);
        }
        return decoded();
    }

    /** An element with quotes or backslashes, unescaped into its own range of the scratch array. */
    private Object decoded() {
        if (scratch == null) {
            scratch = new byte[end - pos];
        }
        int from = scratchEnd;
        int out = from;
        int kept = out; // trailing white space outside quotes is dropped
        boolean quotes = false;
        boolean inQuotes = false;
        while (true) {
            if (pos >= end) {
                throw bad("unexpected end of input");
            }
            byte c = b[pos++];
            if (c == '"') {
                inQuotes = !inQuotes;
                quotes = true;
                kept = out;
            } else if (c == '\\') {
                if (pos >= end) {
                    throw bad("unexpected end of input");
                }
                scratch[out++] = b[pos++];
                kept = out;
                quotes = true;
            } else if (inQuotes) {
                scratch[out++] = c;
                kept = out;
            } else if (c == delimiter || c == '}') {
                pos--;
                break;
            } else if (c == '{') {
                throw bad("unexpected '{'");
            } else {
                scratch[out++] = c;
                if (!Bytes.isSpace(c)) {
                    kept = out;
                }
            }
        }
        scratchEnd = kept;
        int len = kept - from;
        // quoted or escaped, "NULL" is a string
        return !quotes && isNull(scratch, from, len) ? null : element.load(scratch, from, len, ctx);
    }

    private void add(Object v) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = v;
    }

    private void expect(char c) {
        if (pos >= end || b[pos] != c) {
            throw bad("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < end && Bytes.isSpace(b[pos])) {
            pos++;
        }
    }

    private DataException bad(String why) {
        return new DataException("malformed array literal " + Bytes.excerpt(b, start, end - start) + ": " + why
                + " (at byte " + (pos - start) + ")");
    }

    // ---- shared ----

    private static boolean isNull(byte[] s, int off, int len) {
        return len == 4 && (s[off] | 0x20) == 'n' && (s[off + 1] | 0x20) == 'u'
                && (s[off + 2] | 0x20) == 'l' && (s[off + 3] | 0x20) == 'l';
    }

    // ---- writing ----

    /** Writes the elements' array in text form; any element dumper will do. */
    static void write(ArrayElements e, ByteSink out) {
        PgArray a = e.array;
        int ndim = a.dimensionCount();
        if (!a.defaultBounds()) {
            for (int d = 0; d < ndim; d++) {
                int lo = a.lowerBound(d);
                out.writeByte('[').writeUtf8(Integer.toString(lo)).writeByte(':')
                        .writeUtf8(Integer.toString(lo + a.dimension(d) - 1)).writeByte(']');
            }
            out.writeByte('=');
        }
        if (ndim == 0) {
            out.writeByte('{').writeByte('}');
            return;
        }
        // span[d]: how many values one element of dimension d holds; a boundary of dimension
        // d falls before value i when span[d] divides i
        int[] span = new int[ndim];
        span[ndim - 1] = a.dimension(ndim - 1);
        for (int d = ndim - 2; d >= 0; d--) {
            span[d] = span[d + 1] * a.dimension(d);
        }
        byte delimiter = (byte) e.delimiter();
        ByteSink scratch = new ByteSink(64);
        String specials = "{}" + (char) delimiter;
        for (int i = 0, n = a.count(); i < n; i++) {
            int opened = ndim;
            if (i > 0) {
                opened = 0;
                while (opened < ndim - 1 && i % span[ndim - 1 - opened] == 0) {
                    opened++;
                }
                braces(out, '}', opened);
                out.writeByte(delimiter);
            }
            braces(out, '{', opened);
            Object v = a.value(i);
            if (v == null) {
                out.writeUtf8("NULL");
            } else {
                scratch.clear();
                Literals.writeText(e.dumper(v), v, scratch);
                int size = scratch.size();
                quoted(scratch.array(), size, size == 0 || isNull(scratch.array(), 0, size), specials, out);
            }
        }
        braces(out, '}', ndim);
    }

    /** The text form as a string, for literals. */
    static String toString(ArrayElements e) {
        ByteSink out = new ByteSink(64);
        write(e, out);
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    private static void braces(ByteSink out, char brace, int n) {
        for (int i = 0; i < n; i++) {
            out.writeByte(brace);
        }
    }

    /**
     * Writes an element of a container's text form (an array's, a composite's, an hstore's):
     * as it is, or in double quotes with {@code "} and {@code \} backslash-escaped when
     * {@code force} is set or it holds one of {@code specials}, a quote, a backslash or white
     * space.
     */
    static void quoted(byte[] s, int len, boolean force, String specials, ByteSink out) {
        boolean quote = force;
        for (int i = 0; i < len && !quote; i++) {
            byte c = s[i];
            quote = c == '"' || c == '\\' || specials.indexOf(c) >= 0 || Bytes.isSpace(c);
        }
        if (!quote) {
            out.write(s, 0, len);
            return;
        }
        out.writeByte('"');
        for (int i = 0; i < len; i++) {
            byte c = s[i];
            if (c == '"' || c == '\\') {
                out.writeByte('\\');
            }
            out.writeByte(c);
        }
        out.writeByte('"');
    }
}
