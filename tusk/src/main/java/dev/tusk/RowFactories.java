package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.ProgrammingException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * Each row as the value of its first column (psycopg's {@code scalar_row}): for queries
     * that select one value per row.
     *
     * <pre>{@code
     * List<Object> names = conn.cursor(RowFactories.scalar()).execute("SELECT name FROM users").fetchAll();
     * }</pre>
     *
     * @return the factory
     * @throws ProgrammingException at execution when the result has no column
     */
    public static RowFactory<Object> scalar() {
        return scalar(Object.class);
    }

    /**
     * Each row as the value of its first column converted to {@code type}, as
     * {@link Row#get(int, Class)} converts.
     *
     * <pre>{@code
     * List<Long> ids = conn.cursor(RowFactories.scalar(Long.class)).execute("SELECT id FROM users").fetchAll();
     * }</pre>
     *
     * @param type the value type
     * @param <T>  the value type
     * @return the factory
     */
    public static <T> RowFactory<T> scalar(Class<T> type) {
        return columns -> {
            if (columns.isEmpty()) {
                throw new ProgrammingException("a scalar row needs at least one column; the result has none");
            }
            return row -> row.get(0, type);
        };
    }

    /**
     * Rows as instances of a record, matching record components to columns by name; values
     * are converted to the component types as {@link Row#get(int, Class)} does.
     *
     * @param type the record class (accessible to this module: public, or in an open package)
     * @param <R>  the record type
     * @return the factory
     * @throws ProgrammingException at execution when a component has no column of its name, or
     *                              a column no component of its name (the message names both)
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
            int[] index = columnIndexes(columns, components, type);
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

    /**
     * Where each component's column is; psycopg's {@code class_row} passes every column as a
     * keyword, so a column without a component is as much a mistake as the reverse.
     */
    private static int[] columnIndexes(List<Column> columns, RecordComponent[] components, Class<?> type) {
        int[] index = new int[components.length];
        List<String> missing = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            names.add(name);
            index[i] = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).name().equals(name)) {
                    index[i] = c;
                    break;
                }
            }
            if (index[i] < 0) {
                missing.add(name);
            }
        }
        List<String> extra = columns.stream().map(Column::name).filter(n -> !names.contains(n)).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new ProgrammingException("the result's columns " + columns.stream().map(Column::name).toList()
                    + " do not match the components of " + type.getSimpleName()
                    + (missing.isEmpty() ? "" : ": no column for " + missing)
                    + (extra.isEmpty() ? "" : (missing.isEmpty() ? ": " : "; ") + "no component for " + extra));
        }
        return index;
    }
}
