package dev.tusk.types;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import java.util.List;

/**
 * The binary form of a composite value ({@code record_send}/{@code record_recv}): int4 number
 * of fields, then per field int4 type OID, int4 length (-1 for NULL) and the value in its
 * type's binary form.
 */
final class CompositeBinary {
    private CompositeBinary() {
    }

    /**
     * The fields of one value, each loaded with its loader.
     *
     * @throws DataException if the value does not have the fields of {@code type}
     */
    static Object[] read(byte[] b, int off, int len, TypeInfo type, Loader<?>[] fields, LoadContext ctx) {
        int end = off + len;
        if (len < 4) {
            throw bad(type, "cut short");
        }
        int n = Bytes.getInt(b, off);
        if (n != fields.length) {
            throw bad(type, n + " fields, its TypeInfo knows " + fields.length);
        }
        Object[] values = new Object[n];
        int pos = off + 4;
        for (int i = 0; i < n; i++) {
            if (end - pos < 8) {
                throw bad(type, "field " + (i + 1) + " cut short");
            }
            int oid = Bytes.getInt(b, pos);
            int size = Bytes.getInt(b, pos + 4);
            pos += 8;
            if (oid != type.fields().get(i).typeOid()) {
                throw bad(type, "field " + (i + 1) + " of type OID " + Integer.toUnsignedString(oid)
                        + ", its TypeInfo knows " + Integer.toUnsignedString(type.fields().get(i).typeOid()));
            }
            if (size == -1) {
                continue;
            }
            if (size < 0 || size > end - pos) {
                throw bad(type, "field " + (i + 1) + " of " + size + " bytes does not fit");
            }
            values[i] = fields[i].load(b, pos, size, ctx);
            pos += size;
        }
        if (pos != end) {
            throw bad(type, (end - pos) + " bytes left over");
        }
        return values;
    }

    private static DataException bad(TypeInfo type, String why) {
        return new DataException("bad binary value of composite type " + type.sqlName() + ": " + why
                + " (if the type was altered, fetch its TypeInfo again)");
    }

    /**
     * Writes the fields of a value of {@code type}; each non-null one must have a binary
     * dumper in {@code scope} declaring its field's type.
     */
    static void write(Object[] values, TypeInfo type, Adapters.State scope, ByteSink out) {
        List<TypeInfo.Field> fields = type.fields();
        out.writeInt(values.length);
        for (int i = 0; i < values.length; i++) {
            int oid = fields.get(i).typeOid();
            out.writeInt(oid);
            Object v = values[i];
            if (v == null) {
                out.writeInt(-1);
                continue;
            }
            Dumper<Object> d = scope.dumperFor(v);
            if (d.format() != Format.BINARY || d.oid() != oid) {
                throw new ProgrammingException("cannot dump field \"" + fields.get(i).name() + "\" of composite type "
                        + type.sqlName() + " in binary: " + d + " is not its type's binary dumper");
            }
            int at = out.reserveInt();
            d.dump(v, out);
            out.putInt(at, out.size() - at - 4);
        }
    }
}
