package dev.tusk;

import dev.tusk.protocol.DataRows;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The default row: the raw {@code DataRow} body plus a lazily filled value array. A column is
 * decoded the first time it is read; a row nobody reads costs only its bytes.
 */
final class TupleRow implements Row {
    private static final Object UNREAD = new Object();
    private final ResultShape shape;
    private final byte[] body;
    private Object[] values;

    TupleRow(ResultShape shape, byte[] body) {
        this.shape = shape;
        this.body = body;
    }

    @Override
    public Object get(int index) {
        Object[] v = values;
        if (v == null) {
            v = new Object[shape.loaders.length];
            Arrays.fill(v, UNREAD);
            values = v;
        }
        Object value = v[index];
        if (value == UNREAD) {
            value = decode(index);
            v[index] = value;
        }
        return value;
    }

    private Object decode(int index) {
        Objects.checkIndex(index, shape.loaders.length);
        // Walk the length words to the column: cheaper than keeping an offset table per row.
        int pos = 2;
        for (int i = 0; i < index; i++) {
            int len = readInt(pos);
            pos += 4 + Math.max(len, 0);
        }
        int len = readInt(pos);
        if (len < 0) {
            return null;
        }
        return shape.loaders[index].load(body, pos + 4, len, shape.context);
    }

    private int readInt(int at) {
        return ((body[at] & 0xff) << 24) | ((body[at + 1] & 0xff) << 16) | ((body[at + 2] & 0xff) << 8) | (body[at + 3] & 0xff);
    }

    @Override
    public Object get(String column) {
        return get(shape.indexOf(column));
    }

    @Override
    public <T> T get(int index, Class<T> type) {
        return Values.convert(get(index), type, shape.describe(index));
    }

    @Override
    public <T> T get(String column, Class<T> type) {
        return get(shape.indexOf(column), type);
    }

    @Override
    public int size() {
        return DataRows.columnCount(body);
    }

    @Override
    public List<Object> toList() {
        Object[] all = new Object[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = get(i);
        }
        return Collections.unmodifiableList(Arrays.asList(all));
    }

    @Override
    public List<Column> columns() {
        return shape.columns;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Row other) || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (!Objects.deepEquals(get(i), other.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size(); i++) {
            Object v = get(i);
            h = 31 * h + (v instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(v));
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Row(");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = get(i);
            sb.append(v instanceof byte[] b ? "bytes[" + b.length + "]" : String.valueOf(v));
        }
        return sb.append(')').toString();
    }
}
