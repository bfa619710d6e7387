package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.ProgrammingException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard row factories (psycopg 3's {@code tuple_row}, {@code dict_row},
 * {@code class_row}).
 *
 * <pre>{@code
 * record Account(int id, String owner) {}
 * try (Cursor<Account> cur = conn.cursor(RowFactories.record(Account.class))) {
 *     Account a = cur.execute("SELECT id, owner FROM accounts WHERE id = %s", 1).fetchOne();
 * }
 * }</pre>
 */
public final class RowFactories {
    private static final RowFactory<Row> TUPLE = columns -> row -> row;
    private static final RowFactory<Map<String, Object>> MAP = columns -> row -> {
        Map<String, Object> m = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i).name(), row.get(i));
        }
        return Collections.unmodifiableMap(m);
    };

    private RowFactories() {
    }

    /**
     * Rows as {@link Row} tuples (the default).
     *
     * @return the factory
     */
    public static RowFactory<Row> tuple() {
        return TUPLE;
    }

    /**
     * Rows as unmodifiable maps from column name to value, in column order (when two columns
     * share a name, the last one wins, as in psycopg's {@code dict_row}).
     *
     * @return the factory
     */
    public static RowFactory<Map<String, Object>> map() {
        return MAP;
    }

    /**
     * Rows as instances of a record, matching record components to columns by name; values
     * are converted to the component types as {@link Row#get(int, Class)} does.
     *
     * @param type the record class (accessible to this module: public, or in an open package)
     * @param <R>  the record type
     * @return the factory
     * @throws ProgrammingException at execution when a component has no column of its name
     */
    public static <R extends Record> RowFactory<R> record(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        MethodHandle constructor;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
                    .asSpreader(Object[].class, types.length);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new InterfaceException("cannot use the canonical constructor of " + type.getName()
                    + ": " + e.getMessage(), e);
        }
        return columns -> {
            int[] index = new int[components.length];
            for (int i = 0; i < components.length; i++) {
                index[i] = columnIndex(columns, components[i].getName(), type);
            }
            return row -> {
                Object[] args = new Object[index.length];
                for (int i = 0; i < index.length; i++) {
                    Object v = row.get(index[i], Values.boxed(types[i]));
                    if (v == null && types[i].isPrimitive()) {
                        throw new dev.tusk.errors.DataException("column \"" + columns.get(index[i]).name()
                                + "\" is NULL and cannot become the " + types[i] + " component of " + type.getSimpleName());
                    }
                    args[i] = v;
                }
                try {
                    return type.cast(constructor.invoke(args));
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new InterfaceException("constructing " + type.getSimpleName() + " failed: " + t, t);
                }
            };
        };
    }

    private static int columnIndex(List<Column> columns, String name, Class<?> type) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new ProgrammingException("the result has no column \"" + name + "\" for the component of "
                + type.getSimpleName() + "; columns are " + columns.stream().map(Column::name).toList());
    }
}
