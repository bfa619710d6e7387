package dev.tusk.types;

import dev.tusk.errors.ProgrammingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code List} or Java array dumps as, decided from its values: the element type
 * (the OID every non-null element's dumper declares, after widening mixed integers or mixed
 * floats to the widest), the array type, whether it can go in binary, and the dumper of each
 * element's class. {@link RangeDumper} types a range's bounds with it too.
 */
final class ArrayElements {
    private static final Dumper<?>[] NO_DUMPERS = {};

    /** The values (widened where needed), with the shape and bounds they were given. */
    final PgArray array;
    /** The element type's OID; 0 when unknown (no non-null element) or left to the server. */
    final int elementOid;
    /** The array type of the element type, {@code null} when none is known. */
    final ArrayTypes.ArrayType type;
    /** Whether every element's dumper writes binary, so that the array can too. */
    final boolean binary;
    private final Class<?>[] classes;
    private final Dumper<Object>[] dumpers;
    /** The index of the class last looked up: arrays rarely mix classes. */
    private int last;

    private ArrayElements(PgArray array, int elementOid, ArrayTypes.ArrayType type, boolean binary,
            Class<?>[] classes, Dumper<Object>[] dumpers) {
        this.array = array;
        this.elementOid = elementOid;
        this.type = type;
        this.binary = binary;
        this.classes = classes;
        this.dumpers = dumpers;
    }

    /**
     * Reads a value's elements in a scope.
     *
     * @throws ProgrammingException if elements need dumpers of different types, or one has none
     * @throws dev.tusk.errors.DataException if the value is not a rectangular array
     */
    static ArrayElements of(Object value, Adapters.State scope) {
        return of(value, scope, "an array whose elements", "a PostgreSQL array holds values of one type");
    }

    /**
     * Reads the values of any container: {@code what} and {@code why} say in errors what they
     * are in ("a range whose bounds") and why they must share a type.
     */
    static ArrayElements of(Object value, Adapters.State scope, String what, String why) {
        PgArray array = ArrayShapes.flatten(value);
        ArrayElements e = read(array, scope, value);
        if (e != null) {
            return e;
        }
        Object[] widened = widen(array, scope);
        if (widened == null) {
            throw mixed(array, scope, what, why);
        }
        e = read(array.withValues(widened), scope, value);
        if (e == null) {
            throw mixed(array, scope, what, why); // a scope whose Long dumper, say, is not int8
        }
        return e;
    }

    /** The elements if all their dumpers declare one type, else {@code null}. */
    @SuppressWarnings("unchecked")
    private static ArrayElements read(PgArray array, Adapters.State scope, Object value) {
        List<Class<?>> classes = new ArrayList<>(1);
        List<Dumper<Object>> dumpers = new ArrayList<>(1);
        Class<?> previous = null;
        for (int i = 0, n = array.count(); i < n; i++) {
            Object v = array.value(i);
            if (v == null || v.getClass() == previous) {
                continue;
            }
            previous = v.getClass();
            if (!classes.contains(previous)) {
                classes.add(previous);
                dumpers.add(scope.dumper(previous));
            }
        }
        for (int i = 0; i < dumpers.size(); i++) {
            if (dumpers.get(i) instanceof ContainerDumper c) {
                // ranges, say: what they hold decides their type, theirs together the array's
                dumpers.set(i, c.bindAll(valuesOf(array, classes.get(i))));
            }
        }
        List<Dumper<Object>> typing = dumpers;
        if (dumpers.isEmpty()) {
            // No value to look at: a typed Java array still says what it holds.
            Class<?> component = ArrayShapes.componentType(value);
            Dumper<Object> d = component == null ? null : scope.dumperOrNull(component);
            typing = d == null ? List.of() : List.of(d);
        }
        int oid = typing.isEmpty() ? Oids.UNSPECIFIED : typing.get(0).oid();
        boolean binary = !typing.isEmpty();
        for (Dumper<Object> d : typing) {
            if (d.oid() != oid) {
                return null;
            }
            binary &= d.format() == Format.BINARY;
        }
        ArrayTypes.ArrayType type = oid == Oids.UNSPECIFIED ? null : scope.arrayTypes.ofElement(oid);
        return new ArrayElements(array, oid, type, binary && type != null,
                classes.toArray(new Class<?>[0]), dumpers.toArray((Dumper<Object>[]) NO_DUMPERS));
    }

    private static List<Object> valuesOf(PgArray array, Class<?> c) {
        List<Object> values = new ArrayList<>();
        for (int i = 0, n = array.count(); i < n; i++) {
            Object v = array.value(i);
            if (v != null && v.getClass() == c) {
                values.add(v);
            }
        }
        return values;
    }

    /**
     * The values converted to the widest of their types when they are all integers
     * ({@code int2} &lt; {@code int4} &lt; {@code int8} &lt; {@code numeric}) or all floats
     * ({@code float4} &lt; {@code float8}); {@code null} otherwise.
     */
    private static Object[] widen(PgArray array, Adapters.State scope) {
        int n = array.count();
        int widest = -1;
        int ladder = -1;
        for (int i = 0; i < n; i++) {
            Object v = array.value(i);
            if (v == null) {
                continue;
            }
            int rank = rank(scope.dumper(v.getClass()).oid());
            if (rank < 0 || !(v instanceof Number) || ladder >= 0 && rank / 10 != ladder) {
                return null;
            }
            ladder = rank / 10;
            widest = Math.max(widest, rank);
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            Number v = (Number) array.value(i);
            values[i] = v == null ? null : convert(v, widest);
        }
        return values;
    }

    /** Integers rank 0 to 3, floats 10 and 11; -1 for other types. */
    private static int rank(int oid) {
        return switch (oid) {
            case Oids.INT2 -> 0;
            case Oids.INT4 -> 1;
            case Oids.INT8 -> 2;
            case Oids.NUMERIC -> 3;
            case Oids.FLOAT4 -> 10;
            case Oids.FLOAT8 -> 11;
            default -> -1;
        };
    }

    /**
     * A value as the type {@code oid} it widens to: a {@code Short}, {@code Integer} or
     * {@code Long} as {@code int8} is a {@code Long}, as {@code numeric} a {@code BigDecimal};
     * a {@code Float} as {@code float8} a {@code Double}. Any other value is itself.
     */
    static Object widenTo(Object v, int oid, Adapters.State scope) {
        int to = rank(oid);
        if (to < 0 || !(v instanceof Number n)) {
            return v;
        }
        int from = rank(scope.dumper(v.getClass()).oid());
        return from >= 0 && from < to && from / 10 == to / 10 ? convert(n, to) : v;
    }

    private static Object convert(Number v, int rank) {
        return switch (rank) {
            case 1 -> v.intValue(); // from Short only: exact
            case 2 -> v.longValue(); // from Short or Integer: exact
            case 3 -> v instanceof BigDecimal || v instanceof BigInteger ? v : BigDecimal.valueOf(v.longValue());
            case 11 -> v.doubleValue(); // from Float: exact
            default -> v;
        };
    }

    private static ProgrammingException mixed(PgArray array, Adapters.State scope, String what, String why) {
        String first = null;
        int firstOid = 0;
        for (int i = 0, n = array.count(); i < n; i++) {
            Object v = array.value(i);
            if (v == null) {
                continue;
            }
            int oid = scope.dumper(v.getClass()).oid();
            String type = typeName(oid) + " (" + v.getClass().getName() + ")";
            if (first == null) {
                first = type;
                firstOid = oid;
            } else if (oid != firstOid) {
                return new ProgrammingException("cannot dump " + what + " have different types, "
                        + first + " and " + type + ": " + why);
            }
        }
        return new ProgrammingException("cannot dump " + what + " have different types");
    }

    private static String typeName(int oid) {
        String name = Oids.name(oid);
        return name != null ? name : oid == Oids.UNSPECIFIED ? "unknown" : "OID " + oid;
    }

    /** The array type's OID; 0 (let the server infer) when none is known. */
    int arrayOid() {
        return type == null ? Oids.UNSPECIFIED : type.arrayOid();
    }

    /** The delimiter between elements in the text form. */
    char delimiter() {
        return type == null ? ',' : type.delimiter();
    }

    /** The SQL type to cast an array literal to, or {@code null} when the server must infer it. */
    String castName() {
        String element = type == null ? null : Oids.name(elementOid);
        return element == null ? null : element + "[]";
    }

    /** The dumper of a non-null element. */
    Dumper<Object> dumper(Object v) {
        Class<?> c = v.getClass();
        int i = last;
        if (classes[i] != c) {
            i = 0;
            while (classes[i] != c) {
                i++;
            }
            last = i;
        }
        return dumpers[i];
    }
}
