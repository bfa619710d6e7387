package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.sql.Composable;
import dev.tusk.sql.PlaceholderQuery;
import dev.tusk.types.Adapters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
 * In a {@linkplain Connection#pipeline() pipeline}, {@code execute} sends the statement and
 * returns at once; the first call that needs its results ({@code fetchOne}, {@code rowCount},
 * {@code description}, ...) syncs the pipeline, and throws the statement's error if it failed.
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public class Cursor<R> implements Iterable<R>, AutoCloseable {
    private final Connection connection;
    final RowFactory<R> rowFactory;
    private final Adapters adapters;
    private final CursorResults<R> results;
    private int arraySize = 1;
    private boolean closed;
    private BoundQuery last;
    private Duration timeout;
    private Queued queued;
    private PgException failure;

    /**
     * An execution sent in a pipeline whose results are not taken yet: its statements and
     * where their results go (the collector of {@code execute}, or the counter of
     * {@code executeMany}).
     */
    private static final class Queued {
        final List<ExtendedQuery> statements = new ArrayList<>();
        final ResultCollector collector;
        final RowCounter counter;

        Queued(ResultCollector collector, RowCounter counter) {
            this.collector = collector;
            this.counter = counter;
        }

        boolean done() {
            // Statements complete in order: the last one done means all are.
            return statements.isEmpty() || statements.get(statements.size() - 1).isDone();
        }
    }

    /** Adds up the rows each statement of {@code executeMany} affected; their rows are not kept. */
    private static final class RowCounter implements ResultHandler {
        long total;
        boolean counted;

        @Override
        public void begin(RowDescription description) {
        }

        @Override
        public void row(DataRow row) {
        }

        @Override
        public void end(String commandTag) {
            long n = Result.rowCount(commandTag);
            if (n >= 0) {
                total += n;
                counted = true;
            }
        }
    }

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
        this.results = new CursorResults<>(rowFactory, adapters, connection.context());
        this.timeout = connection.timeout();
    }

    // ---- execution -------------------------------------------------------------------------

    /**
     * Runs a query without parameters through the simple query protocol: the string may hold
     * several statements (see {@link #nextSet()}), and {@code %} is not special. In a
     * pipeline it goes instead as one extended-protocol statement without parameters (a
     * simple query would end the pipeline's group), so it must be a single statement there.
     *
     * @param sql one or more statements
     * @return this cursor
     */
    public Cursor<R> execute(String sql) {
        checkOpen();
        resetResults();
        BoundQuery q = BoundQuery.simple(sql);
        rememberQuery(q);
        if (connection.inPipeline()) {
            queueOne(q);
            return this;
        }
        ResultCollector collector = new ResultCollector();
        connection.run(new SimpleQuery(sql, collector), timeout);
        results.set(collector.results);
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
        return executeBound(BoundQuery.positional(sql, params, adapters));
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
        return executeBound(BoundQuery.named(sql, params, adapters));
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} and no parameters: it is rendered with
     * this cursor's {@link #adapters()} and run as {@link #execute(String)} runs a string.
     *
     * <pre>{@code
     * cur.execute(Sql.of("DROP TABLE IF EXISTS {}").format(Identifier.of("my_schema", "old")));
     * }</pre>
     *
     * @param query one or more statements, without placeholders (as in a string query
     *              without parameters, {@code %} is not special)
     * @return this cursor
     */
    public Cursor<R> execute(Composable query) {
        return execute(query.asString(adapters));
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} with positional parameters, bound out of
     * band to its {@link dev.tusk.sql.Placeholder}s ({@code %s}). The query is rendered with
     * this cursor's {@link #adapters()} ({@link Composable#asTemplate}: a {@code %} inside a
     * name or a literal is never a placeholder) and run as {@link #execute(String, Object...)}.
     *
     * <pre>{@code
     * Composed q = Sql.of("INSERT INTO {} ({}) VALUES ({})").format(
     *         Identifier.of("my_schema", "my_table"),
     *         Sql.of(", ").join(List.of(Identifier.of("id"), Identifier.of("name"))),
     *         Sql.of(", ").join(List.of(Placeholder.of(), Placeholder.of())));
     * cur.execute(q, 10, "O'Reilly");
     * }</pre>
     *
     * @param query  one statement
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor
     * @throws ProgrammingException when the placeholders and the parameters do not match, or
     *                              no dumper fits a {@link dev.tusk.sql.Literal}'s value
     */
    public Cursor<R> execute(Composable query, Object... params) {
        return execute(query.asTemplate(adapters), params);
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} with named parameters, bound out of band
     * to its {@code Placeholder.of(name)}s; see {@link #execute(Composable, Object...)}.
     *
     * <pre>{@code
     * cur.execute(Sql.of("SELECT * FROM {} WHERE id = {}").format(Identifier.of("users"), Placeholder.of("id")),
     *         Map.of("id", 42));
     * }</pre>
     *
     * @param query  one statement
     * @param params values by name; extra keys are ignored
     * @return this cursor
     * @throws ProgrammingException when a placeholder has no value
     */
    public Cursor<R> execute(Composable query, Map<String, ?> params) {
        return execute(query.asTemplate(adapters), params);
    }

    /**
     * {@link #execute(String, Object...)} bounded by its own timeout instead of the cursor's
     * (aiopg's {@code execute(..., timeout=)}).
     *
     * <pre>{@code
     * cur.execute(Duration.ofSeconds(2), "SELECT slow_report(%s)", month);
     * }</pre>
     *
     * @param timeout the bound for this statement, {@code null} for none
     * @param sql     one statement
     * @param params  one value per placeholder
     * @return this cursor
     * @throws dev.tusk.errors.QueryTimeoutException past the timeout (the connection stays usable)
     */
    public Cursor<R> execute(Duration timeout, String sql, Object... params) {
        return withTimeout(timeout, () -> execute(sql, params));
    }

    /**
     * {@link #execute(String, Map)} bounded by its own timeout instead of the cursor's.
     *
     * @param timeout the bound for this statement, {@code null} for none
     * @param sql     one statement
     * @param params  values by name
     * @return this cursor
     */
    public Cursor<R> execute(Duration timeout, String sql, Map<String, ?> params) {
        return withTimeout(timeout, () -> execute(sql, params));
    }

    // Through the overridable execute, so that subclasses (named cursors) keep their meaning.
    private Cursor<R> withTimeout(Duration bound, java.util.function.Supplier<Cursor<R>> call) {
        Duration saved = timeout;
        setTimeout(bound);
        try {
            return call.get();
        } finally {
            timeout = saved;
        }
    }

    private Cursor<R> executeBound(BoundQuery q) {
        checkOpen();
        resetResults();
        rememberQuery(q);
        if (connection.inPipeline()) {
            queueOne(q);
            return this;
        }
        ResultCollector collector = new ResultCollector();
        // On failure the cursor keeps no partial results, as in psycopg.
        connection.run(q.command(collector, adapters), timeout);
        results.set(collector.results);
        return this;
    }

    /** Records what {@link #query()} renders. */
    void rememberQuery(BoundQuery q) {
        last = q;
    }

    /** Sends one statement into the open pipeline; its results are taken when it is synced. */
    private void queueOne(BoundQuery statement) {
        ResultCollector collector = new ResultCollector();
        Queued q = new Queued(collector, null);
        q.statements.add(statement.pipelined(collector, adapters));
        queued = q;
        try {
            connection.queue(q.statements.get(0), timeout);
        } catch (RuntimeException e) {
            // Not sent (or failed already): no results, as for a failed execute.
            queued = null;
            throw e;
        }
    }

    /**
     * Runs a statement once per parameter set (psycopg's {@code executemany}) in one
     * pipeline: every set is sent, then one {@code Sync}, so the whole batch costs about one
     * round trip. The first error is thrown, and the server skips the rest of the batch.
     * {@link #rowCount()} is then the total of affected rows; rows the statement returns are
     * not kept.
     *
     * <p>With autocommit the batch is one implicit transaction, as PostgreSQL runs a group
     * ending in one {@code Sync}: it is all or nothing. Without autocommit it runs in the
     * current transaction, which an error leaves failed. Every set is bound, and its
     * adapters chosen, before anything is sent, so a malformed set sends nothing. Inside an
     * open {@link Pipeline} the statements join its group, and the results come with its sync.
     *
     * @param sql       one statement
     * @param paramSets each an {@code Object[]}, a {@code List} or a {@code Map} of named values
     * @return this cursor
     */
    public Cursor<R> executeMany(String sql, Iterable<?> paramSets) {
        checkOpen();
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        List<BoundQuery> sets = new ArrayList<>();
        for (Object set : paramSets) {
            sets.add(BoundQuery.ofSet(q, set, adapters));
        }
        resetResults();
        if (!sets.isEmpty()) {
            // query() shows the last statement sent, as when the sets ran one by one.
            rememberQuery(sets.get(sets.size() - 1));
        }
        Queued batch = new Queued(null, new RowCounter());
        queued = batch;
        // Ride a pipeline that is open already (its sync delivers the results), else use one
        // of our own, which its close syncs.
        try (Pipeline own = connection.inPipeline() ? null : connection.pipeline()) {
            for (BoundQuery set : sets) {
                ExtendedQuery s = set.pipelined(batch.counter, adapters);
                connection.queue(s, timeout);
                batch.statements.add(s);
            }
        } catch (RuntimeException e) {
            queued = null;
            throw e;
        }
        if (batch.done()) {
            take(batch);
        }
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
        execute(BoundQuery.callSql(name, params.length), params);
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
        execute(BoundQuery.callSql(name, params.keySet()), params.values().toArray());
        return params;
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
        return BoundQuery.positional(sql, params, adapters).render();
    }

    /**
     * {@link #mogrify(String, Object...)} with named parameters.
     *
     * @param sql    the query
     * @param params values by name
     * @return the query with literals
     */
    public String mogrify(String sql, Map<String, ?> params) {
        return BoundQuery.named(sql, params, adapters).render();
    }

    /**
     * A composed query with its parameters rendered as literals, exactly as the server would
     * parse it; nothing is sent.
     *
     * <pre>{@code
     * cur.mogrify(Sql.of("SELECT * FROM {} WHERE id = %s").format(Identifier.of("users")), 42);
     * // SELECT * FROM "users" WHERE id = 42
     * }</pre>
     *
     * @param query  the query
     * @param params one value per placeholder
     * @return the query with literals
     */
    public String mogrify(Composable query, Object... params) {
        return mogrify(query.asTemplate(adapters), params);
    }

    /**
     * {@link #mogrify(Composable, Object...)} with named parameters.
     *
     * @param query  the query
     * @param params values by name
     * @return the query with literals
     */
    public String mogrify(Composable query, Map<String, ?> params) {
        return mogrify(query.asTemplate(adapters), params);
    }

    // ---- results ---------------------------------------------------------------------------

    private void resetResults() {
        results.reset();
        queued = null;
        failure = null;
    }

    /**
     * Takes the results of an execution sent in a pipeline, syncing the pipeline first if
     * it is still in flight (which throws the first error of the group).
     */
    private void settle() {
        Queued q = queued;
        if (q == null) {
            return;
        }
        try {
            if (!q.done()) {
                connection.syncPipeline();
            }
        } finally {
            if (q.done()) {
                take(q);
            }
        }
    }

    /** Makes a finished pipelined execution the cursor's result, or its failure. */
    private void take(Queued q) {
        queued = null;
        for (ExtendedQuery s : q.statements) {
            if (s.error() != null) {
                failure = s.error();
                return;
            }
        }
        if (q.collector != null) {
            results.set(q.collector.results);
        } else {
            results.setMany(q.counter.counted ? q.counter.total : -1);
        }
    }

    ResultShape shapeOf(RowDescription description) {
        return new ResultShape(description, adapters, connection.context());
    }

    /** Before reading rows: the cursor is usable and a pipelined execution has delivered. */
    private void settleRows() {
        checkOpen();
        settle();
        if (failure != null) {
            // The pipelined statement failed (or was skipped after an earlier failure).
            failure.fillInStackTrace();
            throw failure;
        }
    }

    /**
     * The next row, or {@code null} when there are no more.
     *
     * @return the row or {@code null}
     * @throws ProgrammingException if the last statement returned no rows
     * @throws PgException          in a pipeline, the statement's error (a
     *                              {@link dev.tusk.errors.PipelineAborted} if it was skipped)
     */
    public R fetchOne() {
        settleRows();
        return results.fetchOne();
    }

    /**
     * The next {@code size} rows, fewer at the end, empty when none remain.
     *
     * @param size how many rows at most
     * @return the rows
     */
    public List<R> fetchMany(int size) {
        settleRows();
        return results.fetchMany(size);
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
        settleRows();
        return results.fetchAll();
    }

    /**
     * Iterates over the remaining rows, advancing the cursor.
     *
     * @return the iterator
     */
    @Override
    public Iterator<R> iterator() {
        settleRows();
        return results.iterator();
    }

    /**
     * Moves within the current result. Out of range raises and keeps the position.
     *
     * @param value the offset
     * @param mode  relative to the current position, or absolute
     * @throws ProgrammingException if the target is outside the result
     */
    public void scroll(int value, ScrollMode mode) {
        settleRows();
        results.scroll(value, mode);
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
        settle();
        return results.nextSet();
    }

    /**
     * The columns of the current result, or {@code null} if it returns no rows.
     *
     * @return the columns or {@code null}
     */
    public List<Column> description() {
        settle();
        return results.description();
    }

    /**
     * Rows returned or affected by the last statement (the sum for {@link #executeMany}),
     * -1 when unknown or nothing ran.
     *
     * @return the count
     */
    public long rowCount() {
        settle();
        return results.rowCount();
    }

    /**
     * The 0-based index of the next row to fetch, or {@code null} without a row result.
     *
     * @return the position or {@code null}
     */
    public Integer rowNumber() {
        settle();
        return results.rowNumber();
    }

    /**
     * The command tag of the current result, e.g. {@code INSERT 0 1}.
     *
     * @return the tag, or {@code null}
     */
    public String statusMessage() {
        settle();
        return results.statusMessage();
    }

    /**
     * The last query as sent, with parameters rendered as {@link #mogrify} renders them.
     *
     * @return the query, or {@code null} before the first execute
     */
    public String query() {
        return last == null ? null : last.render();
    }

    /**
     * The OID of the row inserted by a single-row {@code INSERT} into a table with OIDs;
     * {@code null} otherwise (tables have no OIDs since PostgreSQL 12).
     *
     * @return the OID or {@code null}
     */
    public Long lastRowId() {
        settle();
        return results.lastRowId();
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
        results.reset();
        queued = null;
        failure = null;
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
