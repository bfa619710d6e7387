package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A PostgreSQL array: what array columns load as, and a parameter that keeps non-default
 * bounds. An immutable {@link List} over the first dimension whose elements are the values
 * ({@code null} for NULL) or, in a multi-dimensional array, the {@code PgArray}s of the next
 * dimension. It compares as a {@code List}: bounds are not part of {@code equals}.
 *
 * <pre>{@code
 * PgArray a = (PgArray) cur.execute("SELECT '{{1,2},{3,NULL}}'::int[]").fetchOne().get(0);
 * a.equals(List.of(List.of(1, 2), Arrays.asList(3, null)));   // true
 * a.dimensions();                                              // [2, 2]
 * PgArray b = PgArray.of(List.of(1, 2, 3)).withLowerBounds(0);   // '[0:2]={1,2,3}'
 * }</pre>
 *
 * <p>An empty array ({@code {}}) has no dimensions. Any {@link List} or Java array dumps as an
 * array parameter; use a {@code PgArray} to send bounds other than PostgreSQL's default 1.
 */
public final class PgArray extends AbstractList<Object> implements RandomAccess {
    /** PostgreSQL's {@code MAXDIM}. */
    static final int MAX_DIMENSIONS = 6;
    private static final int[] NONE = {};
    private static final PgArray EMPTY = new PgArray(new Object[0], 0, NONE, NONE, 0);

    /** Every element of the whole array in row-major order, shared by its sub-arrays. */
    private final Object[] values;
    private final int offset;
    private final int[] dims;
    private final int[] lowerBounds;
    /** The first dimension this (sub-)array covers. */
    private final int depth;
    /** How many values one element of this array's first dimension spans. */
    private final int stride;

    private PgArray(Object[] values, int offset, int[] dims, int[] lowerBounds, int depth) {
        this.values = values;
        this.offset = offset;
        this.dims = dims;
        this.lowerBounds = lowerBounds;
        this.depth = depth;
        int s = 1;
        for (int d = depth + 1; d < dims.length; d++) {
            s *= dims[d];
        }
        this.stride = s;
    }

    /**
     * An array over {@code values} (taken, not copied), already checked to hold
     * {@code product(dims)} values; the empty array if any dimension is 0.
     */
    static PgArray wrap(Object[] values, int[] dims, int[] lowerBounds) {
        for (int d : dims) {
            if (d == 0) {
                return EMPTY;
            }
        }
        return new PgArray(values, 0, dims, lowerBounds, 0);
    }

    /**
     * An array of the elements of a list; nested lists (or Java arrays) make a
     * multi-dimensional array, and must then be rectangular. The lower bounds are 1.
     *
     * <pre>{@code
     * PgArray.of(List.of(1, 2, 3));                         // {1,2,3}
     * PgArray.of(List.of(List.of("a"), List.of("b")));      // {{a},{b}}
     * PgArray.of(List.of());                                // {}
     * }</pre>
     *
     * @param elements the elements, {@code null} allowed
     * @return the array
     * @throws DataException if nested lists differ in length, mix lists and values at one
     *                       level, or nest deeper than PostgreSQL's 6 dimensions
     */
    public static PgArray of(List<?> elements) {
        return ArrayShapes.flatten(elements);
    }

    /**
     * The same elements with other lower bounds, one per dimension (PostgreSQL's default is 1).
     *
     * <pre>{@code
     * PgArray.of(List.of(1, 2, 3)).withLowerBounds(0);   // '[0:2]={1,2,3}'
     * }</pre>
     *
     * @param lowerBounds the lower bound of each dimension
     * @return the new array
     * @throws DataException if the count differs from {@link #dimensions()}' or an upper bound
     *                       would pass {@link Integer#MAX_VALUE}
     */
    public PgArray withLowerBounds(int... lowerBounds) {
        int n = dims.length - depth;
        if (lowerBounds.length != n) {
            throw new DataException("a " + n + "-dimensional array needs " + n + " lower bounds, got "
                    + lowerBounds.length);
        }
        int[] own = dimensions();
        for (int d = 0; d < n; d++) {
            if ((long) lowerBounds[d] + own[d] - 1 > Integer.MAX_VALUE) {
                throw new DataException("array upper bound would exceed the maximum allowed ("
                        + Integer.MAX_VALUE + ")");
            }
        }
        if (n == 0) {
            return this;
        }
        return new PgArray(Arrays.copyOfRange(values, offset, offset + count()), 0, own, lowerBounds.clone(), 0);
    }

    /**
     * The size of each dimension, outermost first; empty for the empty array.
     *
     * @return a new array of sizes
     */
    public int[] dimensions() {
        return Arrays.copyOfRange(dims, depth, dims.length);
    }

    /**
     * The lower bound (index of the first element) of each dimension, outermost first;
     * PostgreSQL's default is 1.
     *
     * @return a new array of bounds
     */
    public int[] lowerBounds() {
        return Arrays.copyOfRange(lowerBounds, depth, lowerBounds.length);
    }

    /**
     * An element of the first dimension: a value, {@code null}, or in a multi-dimensional
     * array the sub-array of the next dimensions.
     *
     * @param index 0-based, whatever the lower bound
     * @return the element
     */
    @Override
    public Object get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + size());
        }
        if (depth == dims.length - 1) {
            return values[offset + index];
        }
        return new PgArray(values, offset + index * stride, dims, lowerBounds, depth + 1);
    }

    /**
     * The size of the first dimension.
     *
     * @return the number of elements (of sub-arrays in a multi-dimensional array)
     */
    @Override
    public int size() {
        return depth == dims.length ? 0 : dims[depth];
    }

    /** How many dimensions this array has. */
    int dimensionCount() {
        return dims.length - depth;
    }

    /** How many values all dimensions hold together. */
    int count() {
        return depth == dims.length ? 0 : dims[depth] * stride;
    }

    /** The {@code i}-th value in row-major order, across all dimensions. */
    Object value(int i) {
        return values[offset + i];
    }

    /** The size of dimension {@code d} (0: this array's first). */
    int dimension(int d) {
        return dims[depth + d];
    }

    /** The lower bound of dimension {@code d} (0: this array's first). */
    int lowerBound(int d) {
        return lowerBounds[depth + d];
    }

    /** Whether every lower bound is PostgreSQL's default, 1. */
    boolean defaultBounds() {
        for (int d = depth; d < lowerBounds.length; d++) {
            if (lowerBounds[d] != 1) {
                return false;
            }
        }
        return true;
    }

    /** The same dimensions and bounds over other values (after widening numbers). */
    PgArray withValues(Object[] newValues) {
        return wrap(newValues, dimensions(), lowerBounds());
    }
}
