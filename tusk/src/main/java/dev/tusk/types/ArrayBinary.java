package dev.tusk.types;

import dev.tusk.errors.DataException;

/**
 * The binary form of an array ({@code array_send}/{@code array_recv}): int4 number of
 * dimensions, int4 flags (1 if it has NULLs), int4 element OID, then per dimension int4 size
 * and int4 lower bound, then each element as int4 length (-1 for NULL) and its bytes in the
 * element type's binary form.
 */
final class ArrayBinary {
    private ArrayBinary() {
    }

    /** A loader of arrays whose elements {@code element} loads (binary). */
    static Loader<PgArray> loader(Loader<?> element) {
        return (b, off, len, ctx) -> read(b, off, len, element, ctx);
    }

    static PgArray read(byte[] b, int off, int len, Loader<?> element, LoadContext ctx) {
        int end = off + len;
        if (len < 12) {
            throw bad("header cut short");
        }
        int ndim = Bytes.getInt(b, off);
        int flags = Bytes.getInt(b, off + 4);
        if (ndim < 0 || ndim > PgArray.MAX_DIMENSIONS) {
            throw bad(ndim + " dimensions");
        }
        if (flags != 0 && flags != 1) {
            throw bad("flags " + flags);
        }
        int pos = off + 12;
        if (end - pos < 8 * ndim) {
            throw bad("dimensions cut short");
        }
        int[] dims = new int[ndim];
        int[] lowerBounds = new int[ndim];
        long total = ndim == 0 ? 0 : 1;
        for (int d = 0; d < ndim; d++, pos += 8) {
            dims[d] = Bytes.getInt(b, pos);
            lowerBounds[d] = Bytes.getInt(b, pos + 4);
            total *= dims[d];
            // every element takes at least its 4-byte length: this also bounds the product
            if (dims[d] < 0 || total > (end - pos - 8) / 4) {
                throw bad("dimension " + dims[d] + " does not fit in " + len + " bytes");
            }
        }
        Object[] values = new Object[(int) total];
        for (int i = 0; i < values.length; i++) {
            if (end - pos < 4) {
                throw bad("element " + (i + 1) + " cut short");
            }
            int n = Bytes.getInt(b, pos);
            pos += 4;
            if (n == -1) {
                continue;
            }
            if (n < 0 || n > end - pos) {
                throw bad("element " + (i + 1) + " of " + n + " bytes does not fit");
            }
            values[i] = element.load(b, pos, n, ctx);
            pos += n;
        }
        if (pos != end) {
            throw bad((end - pos) + " bytes left over");
        }
        return PgArray.wrap(values, dims, lowerBounds);
    }

    private static DataException bad(String why) {
        return new DataException("bad array binary value: " + why);
    }

    /** Writes the elements' array; their dumpers are all binary and declare {@code e.elementOid}. */
    static void write(ArrayElements e, ByteSink out) {
        PgArray a = e.array;
        int ndim = a.dimensionCount();
        out.writeInt(ndim);
        int flags = out.reserveInt();
        out.writeInt(e.elementOid);
        for (int d = 0; d < ndim; d++) {
            out.writeInt(a.dimension(d)).writeInt(a.lowerBound(d));
        }
        int nulls = 0;
        for (int i = 0, n = a.count(); i < n; i++) {
            Object v = a.value(i);
            if (v == null) {
                out.writeInt(-1);
                nulls = 1;
                continue;
            }
            int at = out.reserveInt();
            e.dumper(v).dump(v, out);
            out.putInt(at, out.size() - at - 4);
        }
        out.putInt(flags, nulls);
    }
}
