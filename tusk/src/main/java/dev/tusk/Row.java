package dev.tusk;

import java.util.List;

/**
 * A result row, as the default tuple row factory makes it: values by position or by column
 * name, decoded on first access. Rows compare by their values, like psycopg's tuples.
 *
 * <pre>{@code
 * Row r = cur.execute("SELECT 1 AS id, 'x' AS name").fetchOne();
 * int id = r.get(0, Integer.class);
 * String name = (String) r.get("name");
 * }</pre>
 */
public interface Row {

    /**
     * The value of a column.
     *
     * @param index 0-based column position
     * @return the Java value, {@code null} for SQL NULL
     * @throws IndexOutOfBoundsException if there is no such column
     */
    Object get(int index);

    /**
     * The value of the first column with this name.
     *
     * @param column the column name, as {@link Column#name()} reports it
     * @return the value, {@code null} for SQL NULL
     * @throws dev.tusk.errors.ProgrammingException if no column has that name
     */
    Object get(String column);

    /**
     * The value of a column converted to {@code type}: boxed and primitive numbers convert
     * when no precision is lost, anything converts to {@code String}, and an array
     * ({@link dev.tusk.types.PgArray}, a {@code List}) converts to a Java array whose elements
     * convert so, nested for more dimensions.
     *
     * <pre>{@code
     * int[] ids = r.get(0, int[].class);          // int4[] without NULLs
     * List<?> tags = r.get(1, List.class);        // any array
     * }</pre>
     *
     * @param index 0-based column position
     * @param type  the wanted class
     * @param <T>   the wanted type
     * @return the converted value, {@code null} for SQL NULL
     * @throws dev.tusk.errors.DataException if the value does not fit the type
     */
    <T> T get(int index, Class<T> type);

    /**
     * The value of a named column converted to {@code type}; see {@link #get(int, Class)}.
     *
     * @param column the column name
     * @param type   the wanted class
     * @param <T>    the wanted type
     * @return the converted value, {@code null} for SQL NULL
     */
    <T> T get(String column, Class<T> type);

    /**
     * The number of columns.
     *
     * @return the size
     */
    int size();

    /**
     * All values in column order.
     *
     * @return an unmodifiable list (it may hold nulls)
     */
    List<Object> toList();

    /**
     * The row's columns.
     *
     * @return the description shared by every row of the result
     */
    List<Column> columns();
}
