package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@link List} or Java array (nested for more dimensions) as a {@link PgArray}: its
 * shape, checked to be rectangular as PostgreSQL requires, and its values in row-major order.
 * {@code byte[]} is a value ({@code bytea}), never an array; primitive arrays are boxed.
 */
final class ArrayShapes {
    private ArrayShapes() {
    }

    /**
     * Whether a value dumps as an array: a {@code List} but a {@link Multirange}, or a Java
     * array but {@code byte[]}.
     */
    static boolean isArray(Object v) {
        return v instanceof List && !(v instanceof Multirange)
                || v != null && v.getClass().isArray() && !(v instanceof byte[]);
    }

    /** The value as a {@code PgArray}; a {@code PgArray} is itself. */
    static PgArray flatten(Object value) {
        if (value instanceof PgArray a) {
            return a;
        }
        int[] dims = shape(value);
        long total = 1;
        for (int d : dims) {
            total *= d;
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataException("array too large: " + Arrays.toString(dims));
            }
        }
        Object[] values = new Object[(int) total];
        fill(value, dims, 0, values, 0);
        int[] lowerBounds = new int[dims.length];
        Arrays.fill(lowerBounds, 1);
        return PgArray.wrap(values, dims, lowerBounds);
    }

    /**
     * The class of the values of a typed Java array ({@code Integer} for {@code int[][]}), to
     * dump it when it holds no value to look at; {@code null} for a {@code List}.
     */
    static Class<?> componentType(Object value) {
        Class<?> c = value.getClass();
        if (!c.isArray()) {
            return null;
        }
        while (c.isArray() && c != byte[].class) {
            c = c.getComponentType();
        }
        return MethodType.methodType(c).wrap().returnType();
    }

    /** The sizes along the first elements; {@link #fill} checks that the rest agree. */
    private static int[] shape(Object value) {
        int[] dims = new int[PgArray.MAX_DIMENSIONS];
        int n = 0;
        for (Object v = value; isArray(v); v = first(v)) {
            if (n == dims.length) {
                throw new DataException("arrays cannot have more than " + PgArray.MAX_DIMENSIONS + " dimensions");
            }
            int length = length(v);
            dims[n++] = length;
            if (length == 0) {
                break;
            }
        }
        return Arrays.copyOf(dims, n);
    }

    /** Copies the values below {@code v} (at depth {@code d}) into {@code out} from {@code at}. */
    private static int fill(Object v, int[] dims, int d, Object[] out, int at) {
        int length = length(v);
        if (length != dims[d]) {
            throw new DataException("an array must be rectangular: at depth " + (d + 1) + " one part has "
                    + dims[d] + " elements and another " + length);
        }
        if (v instanceof List<?> l) {
            // iterated, not indexed: get(i) may be linear (LinkedList)
            for (Object e : l) {
                at = place(e, dims, d, out, at);
            }
        } else {
            for (int i = 0; i < length; i++) {
                at = place(element(v, i), dims, d, out, at);
            }
        }
        return at;
    }

    private static int place(Object e, int[] dims, int d, Object[] out, int at) {
        boolean leaf = d == dims.length - 1;
        if (isArray(e) == leaf) {
            throw notRectangular(d + 1);
        }
        if (leaf) {
            out[at] = e;
            return at + 1;
        }
        return fill(e, dims, d + 1, out, at);
    }

    private static DataException notRectangular(int depth) {
        return new DataException("an array must be rectangular: at depth " + depth
                + " it mixes sub-arrays with values (or NULLs)");
    }

    private static Object first(Object v) {
        return element(v, 0);
    }

    private static int length(Object v) {
        // once per (sub-)array, not per element: a reflective length is cheap enough
        return v instanceof List<?> l ? l.size() : Array.getLength(v);
    }

    private static Object element(Object v, int i) {
        if (v instanceof List<?> l) {
            return l.get(i);
        } else if (v instanceof Object[] a) {
            return a[i];
        } else if (v instanceof int[] a) {
            return a[i];
        } else if (v instanceof long[] a) {
            return a[i];
        } else if (v instanceof double[] a) {
            return a[i];
        } else if (v instanceof short[] a) {
            return a[i];
        } else if (v instanceof float[] a) {
            return a[i];
        } else if (v instanceof boolean[] a) {
            return a[i];
        } else if (v instanceof char[] a) {
            return a[i];
        }
        throw new IllegalArgumentException("not an array: " + v.getClass().getName());
    }
}
