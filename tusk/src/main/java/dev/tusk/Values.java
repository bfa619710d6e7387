package dev.tusk;

import dev.tusk.errors.DataException;
import dev.tusk.types.PgArray;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Converts loaded values to the class a caller asks for, never losing precision silently. */
final class Values {
    private Values() {
    }

    static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        } else if (c == long.class) {
            return Long.class;
        } else if (c == short.class) {
            return Short.class;
        } else if (c == double.class) {
            return Double.class;
        } else if (c == float.class) {
            return Float.class;
        } else if (c == boolean.class) {
            return Boolean.class;
        } else if (c == byte.class) {
            return Byte.class;
        } else if (c == char.class) {
            return Character.class;
        }
        return c;
    }

    static <T> T convert(Object v, Class<T> wanted, String column) {
        if (v == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) boxed(wanted);
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        if (type == String.class) {
            return type.cast(v.toString());
        }
        if (v instanceof PgArray a && type.isArray()) {
            return type.cast(array(a, type, column));
        }
        if (v instanceof Number n) {
            Object r = number(n, type, column);
            if (r != null) {
                return type.cast(r);
            }
        }
        throw new DataException("column " + column + " holds a " + v.getClass().getName()
                + " that cannot be converted to " + wanted.getName());
    }

    /**
     * A Java array of the array's elements, each converted as a column value would be;
     * nested Java arrays for more dimensions.
     */
    private static Object array(PgArray a, Class<?> arrayType, String column) {
        Class<?> component = arrayType.getComponentType();
        // java.lang.reflect.Array: one path for every component type, primitive or not
        Object out = Array.newInstance(component, a.size());
        for (int i = 0; i < a.size(); i++) {
            Object e = a.get(i);
            if (e == null && component.isPrimitive()) {
                throw new DataException("column " + column + " holds an array with a NULL element, which "
                        + arrayType.getSimpleName() + " cannot hold");
            }
            if (e instanceof PgArray && !component.isArray() && !component.isInstance(e)) {
                throw new DataException("column " + column + " holds an array of more dimensions than "
                        + arrayType.getSimpleName() + "; ask for a nested Java array");
            }
            Array.set(out, i, convert(e, component, column));
        }
        return out;
    }

    private static Object number(Number n, Class<?> type, String column) {
        try {
            if (type == Long.class) {
                return exact(n).longValueExact();
            } else if (type == Integer.class) {
                return exact(n).intValueExact();
            } else if (type == Short.class) {
                return exact(n).shortValueExact();
            } else if (type == Byte.class) {
                return exact(n).byteValueExact();
            } else if (type == BigInteger.class) {
                return exact(n).toBigIntegerExact();
            } else if (type == BigDecimal.class) {
                return exact(n);
            } else if (type == Double.class) {
                return n.doubleValue();
            } else if (type == Float.class && !(n instanceof Double)) {
                return n.floatValue();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new DataException("column " + column + " value " + n + " does not fit " + type.getSimpleName(), e);
        }
        return null;
    }

    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        } else if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        } else if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }
}
