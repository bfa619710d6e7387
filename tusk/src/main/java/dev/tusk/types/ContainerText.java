package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What the text forms of containers (arrays, ranges, multiranges) share: a parser's cursor
 * over one value's bytes, the loader of the values inside, scratch space to unescape them
 * into, errors that show the value; and the quoting of a value inside when writing.
 */
abstract class ContainerText {
    final byte[] b;
    final int start;
    final int end;
    /** Loads a value inside the container from its unescaped text. */
    final Loader<?> inner;
    final LoadContext ctx;
    int pos;
    /** "array", "range": what errors call the value. */
    private final String kind;
    /** Unescaped values, each in its own range (a loader may keep its slice). */
    private byte[] scratch;
    private int scratchEnd;

    ContainerText(String kind, byte[] b, int off, int len, Loader<?> inner, LoadContext ctx) {
        this.kind = kind;
        this.b = b;
        this.start = off;
        this.pos = off;
        this.end = off + len;
        this.inner = inner;
        this.ctx = ctx;
    }

    /**
     * The scratch array, where the next unescaped value goes from {@link #scratchEnd()} on.
     * It has room for all the rest of the input, which unescaping only shortens.
     */
    final byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[end - pos];
        }
        return scratch;
    }

    final int scratchEnd() {
        return scratchEnd;
    }

    /** Loads the unescaped value in {@code scratch[from, to)}, which stays its own. */
    final Object loadScratch(int from, int to) {
        scratchEnd = to;
        return inner.load(scratch, from, to - from, ctx);
    }

    final void expect(char c) {
        if (pos >= end || b[pos] != c) {
            throw bad("expected '" + c + "'");
        }
        pos++;
    }

    final void skipSpace() {
        while (pos < end && Bytes.isSpace(b[pos])) {
            pos++;
        }
    }

    final DataException bad(String why) {
        return new DataException("malformed " + kind + " literal " + Bytes.excerpt(b, start, end - start) + ": "
                + why + " (at byte " + (pos - start) + ")");
    }

    /** What {@code writer} writes, as a string: a container's text form for literals and {@code toString()}. */
    static String asString(Consumer<ByteSink> writer) {
        ByteSink out = new ByteSink(64);
        writer.accept(out);
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    /**
     * Writes the text {@code s[0, len)} of a value inside a container: as it is, or in
     * double quotes when it is empty, {@code mustQuote}, or holds white space or one of
     * {@code specials}. Inside quotes {@code "} and {@code \} are escaped with a backslash
     * when {@code backslash} (arrays), else doubled (ranges).
     */
    static void writeValue(byte[] s, int len, String specials, boolean mustQuote, boolean backslash, ByteSink out) {
        boolean quote = mustQuote || len == 0;
        for (int i = 0; i < len && !quote; i++) {
            quote = specials.indexOf(s[i]) >= 0 || Bytes.isSpace(s[i]);
        }
        if (!quote) {
            out.write(s, 0, len);
            return;
        }
        out.writeByte('"');
        for (int i = 0; i < len; i++) {
            byte c = s[i];
            if (c == '"' || c == '\\') {
                out.writeByte(backslash ? '\\' : c);
            }
            out.writeByte(c);
        }
        out.writeByte('"');
    }
}
