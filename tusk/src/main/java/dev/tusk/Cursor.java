package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.sql.PlaceholderQuery;
import dev.tusk.types.Adapters;
import dev.tusk.types.Dumper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A client-side cursor (psycopg's {@code Cursor}): runs statements and walks their results,
 * which it holds in memory. Parameters use psycopg's placeholders ({@code %s},
 * {@code %(name)s}, {@code %%} for a literal percent) and travel out of band, never
 * interpolated into the SQL. Not thread-safe; cheap to create.
 *
 * <pre>{@code
 * try (Cursor<Row> cur = conn.cursor()) {
 *     cur.execute("SELECT id, name FROM users WHERE id > %s", 10);
 *     for (Row row : cur) {
 *         System.out.println(row.get("name"));
 *     }
 * }
 * }</pre>
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public class Cursor<R> implements Iterable<R>, AutoCloseable {
    private final Connection connection;
    final RowFactory<R> rowFactory;
    private final Adapters adapters;
    private List<Result> results;
    private int resultIndex;
    private Result current;
    private RowMaker<R> maker;
    private int position;
    private int arraySize = 1;
    private boolean closed;
    private PlaceholderQuery lastTemplate;
    private String lastSql;
    private Object[] lastValues;
    private Dumper<Object>[] lastDumpers;
    private long manyCount = Long.MIN_VALUE;
    private Duration timeout;

    /**
     * Creates a cursor; use {@link Connection#cursor()}.
     *
     * @param connection the connection it runs on
     * @param rowFactory what rows become
     */
    protected Cursor(Connection connection, RowFactory<R> rowFactory) {
        this.connection = connection;
        this.rowFactory = rowFactory;
        this.adapters = connection.adapters().copy();
        this.timeout = connection.timeout();
    }

    // ---- execution -------------------------------------------------------------------------

    /**
     * Runs a query without parameters through the simple query protocol: the string may hold
     * several statements (see {@link #nextSet()}), and {@code %} is not special.
     *
     * @param sql one or more statements
     * @return this cursor
     */
    public Cursor<R> execute(String sql) {
        checkOpen();
        resetResults();
        rememberQuery(null, sql, null, null);
        ResultCollector collector = new ResultCollector();
        connection.run(new SimpleQuery(sql, collector), timeout);
        setResults(collector.results);
        return this;
    }

    /**
     * Runs a statement with positional parameters ({@code %s}, or {@code %b}/{@code %t} to
     * force binary or text). A placeholder/argument mismatch fails before anything is sent.
     *
     * @param sql    one statement
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor
     * @throws ProgrammingException when the placeholders and the parameters do not match
     */
    public Cursor<R> execute(String sql, Object... params) {
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        return executeBound(q, bindPositional(q, params));
    }

    /**
     * Runs a statement with named parameters ({@code %(name)s}).
     *
     * @param sql    one statement
     * @param params values by name; extra keys are ignored
     * @return this cursor
     * @throws ProgrammingException when a placeholder has no value
     */
    public Cursor<R> execute(String sql, Map<String, ?> params) {
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        return executeBound(q, q.bind(params));
    }

    private Cursor<R> executeBound(PlaceholderQuery q, Object[] values) {
        checkOpen();
        resetResults();
        Dumper<Object>[] dumpers = dumpersFor(values);
        rememberQuery(q, null, values, dumpers);
        ResultCollector collector = new ResultCollector();
        // On failure the cursor keeps no partial results, as in psycopg.
        connection.run(new ExtendedQuery(q.sql(), values, dumpers, adapters::hasBinaryLoader, collector), timeout);
        setResults(collector.results);
        return this;
    }

    /** Binds varargs parameters: a lone {@code (Object[]) null} means one NULL, as {@code (Object) null} does. */
    static Object[] bindPositional(PlaceholderQuery q, Object[] params) {
        return q.bind(params == null ? new Object[] {null} : params);
    }

    /** Records what {@link #query()} renders: a template with its values, or plain SQL. */
    void rememberQuery(PlaceholderQuery template, String sql, Object[] values, Dumper<Object>[] dumpers) {
        lastTemplate = template;
        lastSql = sql;
        lastValues = values;
        lastDumpers = dumpers;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Dumper<Object>[] dumpersFor(Object[] values) {
        Dumper<Object>[] dumpers = new Dumper[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                dumpers[i] = adapters.dumperFor(values[i]);
            }
        }
        return dumpers;
    }

    /**
     * Runs a statement once per parameter set (psycopg's {@code executemany}); stops at the
     * first error. {@link #rowCount()} is then the total of affected rows.
     *
     * @param sql       one statement
     * @param paramSets each an {@code Object[]}, a {@code List} or a {@code Map} of named values
     * @return this cursor
     */
    public Cursor<R> executeMany(String sql, Iterable<?> paramSets) {
        checkOpen();
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        long total = 0;
        boolean anyCount = false;
        for (Object set : paramSets) {
            Object[] values;
            if (set instanceof Object[] a) {
                values = q.bind(a);
            } else if (set instanceof List<?> l) {
                values = q.bind(l.toArray());
            } else if (set instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> named = (Map<String, ?>) m;
                values = q.bind(named);
            } else {
                throw new ProgrammingException("executeMany parameter sets must be Object[], List or Map, got "
                        + (set == null ? "null" : set.getClass().getName()));
            }
            executeBound(q, values);
            long n = rowCount();
            if (n >= 0) {
                total += n;
                anyCount = true;
            }
        }
        List<Result> none = new ArrayList<>(1);
        none.add(new Result(null));
        setResults(none);
        manyCount = anyCount ? total : -1;
        return this;
    }

    /**
     * Calls a function with positional arguments ({@code SELECT * FROM name(...)}) and
     * returns the arguments (psycopg 2's {@code callproc}); the function's result is the
     * cursor's result. The name is SQL, not a value: never pass untrusted input.
     *
     * @param name   the function name, optionally schema-qualified
     * @param params the arguments
     * @return the arguments, unchanged
     */
    public Object[] callProc(String name, Object... params) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(checkRoutineName(name)).append('(');
        for (int i = 0; i < params.length; i++) {
            sql.append(i == 0 ? "%s" : ",%s");
        }
        execute(sql.append(')').toString(), params);
        return params;
    }

    /**
     * Calls a function with named arguments ({@code name(a => ..., b => ...)}).
     *
     * @param name   the function name
     * @param params arguments by parameter name
     * @return the arguments, unchanged
     */
    public Map<String, ?> callProc(String name, Map<String, ?> params) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(checkRoutineName(name)).append('(');
        Object[] values = new Object[params.size()];
        int i = 0;
        for (Map.Entry<String, ?> e : params.entrySet()) {
            // Argument names are identifiers: quoted, never placeholders.
            sql.append(i == 0 ? "" : ",").append('"').append(e.getKey().replace("\"", "\"\"")).append("\" => %s");
            values[i++] = e.getValue();
        }
        execute(sql.append(')').toString(), values);
        return params;
    }

    private static String checkRoutineName(String name) {
        if (name == null || name.isBlank() || name.indexOf(';') >= 0 || name.indexOf('(') >= 0) {
            throw new ProgrammingException("invalid function name for callProc: " + name);
        }
        return name;
    }

    /**
     * The query with each parameter rendered as an SQL literal, exactly as the server would
     * parse it; nothing is sent (psycopg's {@code mogrify}).
     *
     * @param sql    the query
     * @param params one value per placeholder
     * @return the query with literals
     */
    public String mogrify(String sql, Object... params) {
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        Object[] values = bindPositional(q, params);
        return render(q, values, dumpersFor(values));
    }

    /**
     * {@link #mogrify(String, Object...)} with named parameters.
     *
     * @param sql    the query
     * @param params values by name
     * @return the query with literals
     */
    public String mogrify(String sql, Map<String, ?> params) {
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        Object[] values = q.bind(params);
        return render(q, values, dumpersFor(values));
    }

    private static String render(PlaceholderQuery q, Object[] values, Dumper<Object>[] dumpers) {
        String[] literals = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            literals[i] = values[i] == null ? "NULL" : dumpers[i].quote(values[i]);
        }
        return q.render(literals);
    }

    // ---- results ---------------------------------------------------------------------------

    private void resetResults() {
        results = null;
        current = null;
        maker = null;
        position = 0;
        manyCount = Long.MIN_VALUE;
    }

    private void setResults(List<Result> rs) {
        results = rs;
        resultIndex = 0;
        selectResult();
    }

    private void selectResult() {
        current = results == null || resultIndex >= results.size() ? null : results.get(resultIndex);
        maker = null;
        position = 0;
    }

    ResultShape shapeOf(RowDescription description) {
        return new ResultShape(description, adapters, connection.context());
    }

    private Result rowsResult() {
        checkOpen();
        if (results == null) {
            throw new ProgrammingException("no result available: execute() was not called");
        }
        if (current == null || current.description == null) {
            throw new ProgrammingException("the last operation didn't produce a result");
        }
        return current;
    }

    private R make(Result r, int index) {
        ResultShape shape = r.shape(this);
        if (maker == null) {
            maker = rowFactory.forColumns(shape.columns);
        }
        return maker.make(new TupleRow(shape, r.rows.get(index)));
    }

    /**
     * The next row, or {@code null} when there are no more.
     *
     * @return the row or {@code null}
     * @throws ProgrammingException if the last statement returned no rows
     */
    public R fetchOne() {
        Result r = rowsResult();
        if (position >= r.rows.size()) {
            return null;
        }
        return make(r, position++);
    }

    /**
     * The next {@code size} rows, fewer at the end, empty when none remain.
     *
     * @param size how many rows at most
     * @return the rows
     */
    public List<R> fetchMany(int size) {
        Result r = rowsResult();
        int end = Math.min(r.rows.size(), position + Math.max(size, 0));
        List<R> out = new ArrayList<>(end - position);
        while (position < end) {
            out.add(make(r, position++));
        }
        return out;
    }

    /**
     * The next {@link #arraySize()} rows.
     *
     * @return the rows
     */
    public List<R> fetchMany() {
        return fetchMany(arraySize);
    }

    /**
     * Every remaining row.
     *
     * @return the rows, empty when none remain
     */
    public List<R> fetchAll() {
        Result r = rowsResult();
        return fetchMany(r.rows.size() - position);
    }

    /**
     * Iterates over the remaining rows, advancing the cursor.
     *
     * @return the iterator
     */
    @Override
    public Iterator<R> iterator() {
        Result r = rowsResult();
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

    /**
     * Moves within the current result. Out of range raises and keeps the position.
     *
     * @param value the offset
     * @param mode  relative to the current position, or absolute
     * @throws ProgrammingException if the target is outside the result
     */
    public void scroll(int value, ScrollMode mode) {
        Result r = rowsResult();
        long target = mode == ScrollMode.ABSOLUTE ? value : (long) position + value;
        if (target < 0 || target >= r.rows.size()) {
            throw new ProgrammingException("scroll position " + target + " out of bounds: the result has "
                    + r.rows.size() + " rows");
        }
        position = (int) target;
    }

    /**
     * Moves relative to the current position.
     *
     * @param value the offset
     */
    public void scroll(int value) {
        scroll(value, ScrollMode.RELATIVE);
    }

    /**
     * Moves to the next result of a multi-statement query.
     *
     * @return true if there was one, false at the end (the cursor then has no result)
     */
    public boolean nextSet() {
        checkOpen();
        if (results == null || resultIndex >= results.size()) {
            return false;
        }
        resultIndex++;
        selectResult();
        return current != null;
    }

    /**
     * The columns of the current result, or {@code null} if it returns no rows.
     *
     * @return the columns or {@code null}
     */
    public List<Column> description() {
        if (current == null || current.description == null) {
            return null;
        }
        return current.shape(this).columns;
    }

    /**
     * Rows returned or affected by the last statement (the sum for {@link #executeMany}),
     * -1 when unknown or nothing ran.
     *
     * @return the count
     */
    public long rowCount() {
        if (manyCount != Long.MIN_VALUE) {
            return manyCount;
        }
        return current == null ? -1 : current.rowCount();
    }

    /**
     * The 0-based index of the next row to fetch, or {@code null} without a row result.
     *
     * @return the position or {@code null}
     */
    public Integer rowNumber() {
        return current == null || current.description == null ? null : position;
    }

    /**
     * The command tag of the current result, e.g. {@code INSERT 0 1}.
     *
     * @return the tag, or {@code null}
     */
    public String statusMessage() {
        return current == null ? null : current.tag;
    }

    /**
     * The last query as sent, with parameters rendered as {@link #mogrify} renders them.
     *
     * @return the query, or {@code null} before the first execute
     */
    public String query() {
        if (lastTemplate != null) {
            return render(lastTemplate, lastValues, lastDumpers);
        }
        return lastSql;
    }

    /**
     * The OID of the row inserted by a single-row {@code INSERT} into a table with OIDs;
     * {@code null} otherwise (tables have no OIDs since PostgreSQL 12).
     *
     * @return the OID or {@code null}
     */
    public Long lastRowId() {
        return current == null ? null : current.lastRowId();
    }

    /**
     * Rows per {@link #fetchMany()} (DB-API {@code arraysize}, default 1).
     *
     * @return the array size
     */
    public int arraySize() {
        return arraySize;
    }

    /**
     * Sets rows per {@link #fetchMany()}.
     *
     * @param size at least 1
     */
    public void setArraySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("arraySize must be at least 1");
        }
        this.arraySize = size;
    }

    /**
     * The statement timeout of this cursor (aiopg's cursor {@code timeout}); starts as the
     * connection's default.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Sets the statement timeout: a statement running longer is cancelled on the server and
     * raises {@link dev.tusk.errors.QueryTimeoutException}; the connection stays usable.
     *
     * @param timeout the bound, or {@code null} for none
     */
    public void setTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
    }

    /**
     * This cursor's adapters: a copy of the connection's.
     *
     * @return the adapters
     */
    public Adapters adapters() {
        return adapters;
    }

    /**
     * The connection the cursor runs on.
     *
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    /** Releases the results; later use raises {@link InterfaceException}. */
    @Override
    public void close() {
        closed = true;
        results = null;
        current = null;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new InterfaceException("the cursor is closed");
        }
        connection.checkOpen();
    }
}
