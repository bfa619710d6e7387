package dev.tusk;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.types.Adapters;
import dev.tusk.types.LoadContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The results of a cursor's last execution, held in memory, and the position in them: what
 * fetching, scrolling and the result members of every client-side cursor read.
 */
final class CursorResults<R> {
    private final RowFactory<R> rowFactory;
    private final Adapters adapters;
    private final LoadContext context;
    private List<Result> results;
    private int resultIndex;
    private Result current;
    private RowMaker<R> maker;
    private int position;
    private long manyCount = Long.MIN_VALUE;
    /** The last shape built, kept across executions for {@link Result#shape}. */
    private ResultShape lastShape;

    CursorResults(RowFactory<R> rowFactory, Adapters adapters, LoadContext context) {
        this.rowFactory = rowFactory;
        this.adapters = adapters;
        this.context = context;
    }

    void reset() {
        results = null;
        current = null;
        maker = null;
        position = 0;
        manyCount = Long.MIN_VALUE;
    }

    void set(List<Result> rs) {
        results = rs;
        resultIndex = 0;
        select();
    }

    /** After an executeMany: no rows, and {@code total} rows affected (-1 when unknown). */
    void setMany(long total) {
        List<Result> none = new ArrayList<>(1);
        none.add(new Result(null));
        set(none);
        manyCount = total;
    }

    private void select() {
        current = results == null || resultIndex >= results.size() ? null : results.get(resultIndex);
        maker = null;
        position = 0;
    }

    private ResultShape shape(Result r) {
        ResultShape s = r.shape(adapters, context, lastShape);
        if (s != null) {
            lastShape = s;
        }
        return s;
    }

    private Result rows() {
        if (results == null) {
            throw new ProgrammingException("no result available: execute() was not called");
        }
        if (current == null || current.description == null) {
            throw new ProgrammingException("the last operation didn't produce a result");
        }
        return current;
    }

    private R make(Result r, int index) {
        if (maker == null) {
            maker = rowFactory.forColumns(shape(r).columns);
        }
        return maker.make(new TupleRow(shape(r), r.rows.get(index)));
    }

    R fetchOne() {
        Result r = rows();
        return position >= r.rows.size() ? null : make(r, position++);
    }

    List<R> fetchMany(int size) {
        Result r = rows();
        int end = (int) Math.min(r.rows.size(), (long) position + Math.max(size, 0));
        List<R> out = new ArrayList<>(Math.max(0, end - position));
        while (position < end) {
            out.add(make(r, position++));
        }
        return out;
    }

    List<R> fetchAll() {
        return fetchMany(rows().rows.size() - position);
    }

    Iterator<R> iterator() {
        Result r = rows();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return current == r && position < r.rows.size();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return make(r, position++);
            }
        };
    }

    void scroll(int value, ScrollMode mode) {
        Result r = rows();
        long target = mode == ScrollMode.ABSOLUTE ? value : (long) position + value;
        if (target < 0 || target >= r.rows.size()) {
            throw new ProgrammingException("scroll position " + target + " out of bounds: the result has "
                    + r.rows.size() + " rows");
        }
        position = (int) target;
    }

    boolean nextSet() {
        if (results == null || resultIndex >= results.size()) {
            return false;
        }
        resultIndex++;
        select();
        return current != null;
    }

    List<Column> description() {
        return current == null || current.description == null ? null : shape(current).columns;
    }

    long rowCount() {
        if (manyCount != Long.MIN_VALUE) {
            return manyCount;
        }
        return current == null ? -1 : current.rowCount();
    }

    Integer rowNumber() {
        return current == null || current.description == null ? null : position;
    }

    String statusMessage() {
        return current == null ? null : current.tag;
    }

    Long lastRowId() {
        return current == null ? null : current.lastRowId();
    }
}
