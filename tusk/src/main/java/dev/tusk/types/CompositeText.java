package dev.tusk.types;

import dev.tusk.errors.DataException;

/**
 * The text form of a composite value ({@code record_in}/{@code record_out}):
 * {@code (1,"a b",)} — the fields between parentheses, separated by commas, NULL as nothing
 * at all. A field is double-quoted when it is empty or holds a comma, a parenthesis, a quote,
 * a backslash or white space; inside it, {@code ""} and a backslash escape a character.
 * Unquoted white space belongs to the field.
 */
final class CompositeText {
    /** What makes a field need quotes, besides quotes, backslashes and white space. */
    private static final String SPECIALS = "\"\\(),";

    private CompositeText() {
    }

    /**
     * The fields of one value, each loaded with its loader.
     *
     * @throws DataException if the text is not a composite of {@code fields.length} fields
     */
    static Object[] read(byte[] b, int off, int len, Loader<?>[] fields, LoadContext ctx) {
        int end = off + len;
        int pos = skipSpace(b, off, end);
        if (pos == end || b[pos] != '(') {
            throw bad(b, off, len, "missing left parenthesis");
        }
        pos++;
        Object[] values = new Object[fields.length];
        // unescaped fields, each in its own range (a loader may keep its slice)
        byte[] scratch = null;
        int scratchEnd = 0;
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                if (pos == end || b[pos] != ',') {
                    throw bad(b, off, len, "too few fields: its type has " + fields.length);
                }
                pos++;
            }
            int stop = pos;
            while (stop < end && b[stop] != ',' && b[stop] != ')' && b[stop] != '"' && b[stop] != '\\') {
                stop++;
            }
            if (stop < end && (b[stop] == ',' || b[stop] == ')')) {
                // nothing at all is NULL; a bare field loads straight from the row's bytes
                values[i] = stop == pos ? null : fields[i].load(b, pos, stop - pos, ctx);
                pos = stop;
                continue;
            }
            if (scratch == null) {
                scratch = new byte[len];
            }
            int from = scratchEnd;
            int out = from;
            boolean quoted = false;
            while (true) {
                if (pos == end) {
                    throw bad(b, off, len, "unexpected end of input");
                }
                byte c = b[pos];
                if (!quoted && (c == ',' || c == ')')) {
                    break;
                }
                pos++;
                if (c == '"') {
                    if (quoted && pos < end && b[pos] == '"') {
                        scratch[out++] = '"';
                        pos++;
                    } else {
                        quoted = !quoted;
                    }
                } else if (c == '\\') {
                    if (pos == end) {
                        throw bad(b, off, len, "unexpected end of input");
                    }
                    scratch[out++] = b[pos++];
                } else {
                    scratch[out++] = c;
                }
            }
            values[i] = fields[i].load(scratch, from, out - from, ctx);
            scratchEnd = out;
        }
        if (pos == end || b[pos] != ')') {
            throw bad(b, off, len, "too many fields: its type has " + fields.length);
        }
        if (skipSpace(b, pos + 1, end) != end) {
            throw bad(b, off, len, "junk after right parenthesis");
        }
        return values;
    }

    private static int skipSpace(byte[] b, int pos, int end) {
        while (pos < end && Bytes.isSpace(b[pos])) {
            pos++;
        }
        return pos;
    }

    private static DataException bad(byte[] b, int off, int len, String why) {
        return new DataException("malformed record literal " + Bytes.excerpt(b, off, len) + ": " + why
                + " (if the type was altered, fetch its TypeInfo again)");
    }

    /** Writes the fields, each in the text form of its dumper in {@code scope}. */
    static void write(Object[] values, Adapters.State scope, ByteSink out) {
        out.writeByte('(');
        ByteSink scratch = null;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            Object v = values[i];
            if (v == null) {
                continue;
            }
            if (scratch == null) {
                scratch = new ByteSink(32);
            }
            scratch.clear();
            Literals.writeText(scope.dumperFor(v), v, scratch);
            int size = scratch.size();
            ContainerText.writeValue(scratch.array(), size, SPECIALS, false, true, out);
        }
        out.writeByte(')');
    }
}
