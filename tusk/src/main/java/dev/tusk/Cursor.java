package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.sql.Composable;
import dev.tusk.sql.PlaceholderQuery;
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
 * <p>Subclasses (psycopg's custom cursor classes, made by a {@link CursorFactory}) can
 * override {@code execute}: every execution goes through one of three overloads, so
 * overriding those sees them all — {@link #execute(String)} (also a composed query without
 * parameters), {@link #execute(String, Object...)} (also with a timeout, a composed query,
 * {@link #callProc}) and {@link #execute(String, Map)} (named parameters). Only
 * {@link #executeMany} sends its parameter sets on its own. Seed 003's logging cursor:
 *
 * <pre>{@code
 * class LoggingCursor<R> extends Cursor<R> {
 *     private static final System.Logger LOG = System.getLogger("sql_debug");
 *
 *     LoggingCursor(Connection conn, RowFactory<R> rows) {
 *         super(conn, rows);
 *     }
 *
 *     @Override
 *     public Cursor<R> execute(String sql, Object... params) {
 *         LOG.log(Level.INFO, mogrify(sql, params));
 *         try {
 *             return super.execute(sql, params);
 *         } catch (PgException e) {
 *             LOG.log(Level.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
 *             throw e;
 *         }
 *     }
 * }
 * Cursor<Row> cur = conn.cursor(LoggingCursor::new);
 * }</pre>
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public class Cursor<R> extends BaseCursor<R> implements Iterable<R> {
    private final Connection connection;
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
        super(connection, rowFactory);
        this.connection = connection;
    }

    // ---- execution -------------------------------------------------------------------------

    /**
     * Runs a query without parameters, sent as written: the string may hold several
     * statements (see {@link #nextSet()}; they take the simple query protocol), and {@code %}
     * is not special. One statement takes the extended protocol, so it is prepared after the
     * connection's {@code prepareThreshold} uses like any other. In a pipeline it must be a
     * single statement (a simple query would end the pipeline's group).
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
        connection.run(q.command(collector, adapters()), statementTimeout());
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
        return executeBound(BoundQuery.positional(sql, params, adapters()));
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
        return executeBound(BoundQuery.named(sql, params, adapters()));
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
        return execute(query.asString(adapters()));
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
        return execute(query.asTemplate(adapters()), params);
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
        return execute(query.asTemplate(adapters()), params);
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
        connection.run(q.command(collector, adapters()), statementTimeout());
        results.set(collector.results);
        return this;
    }

    /** Sends one statement into the open pipeline; its results are taken when it is synced. */
    private void queueOne(BoundQuery statement) {
        ResultCollector collector = new ResultCollector();
        Queued q = new Queued(collector, null);
        q.statements.add(statement.pipelined(collector, adapters()));
        queued = q;
        try {
            connection.queue(q.statements.get(0), statementTimeout());
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
            sets.add(BoundQuery.ofSet(q, set, adapters()));
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
                ExtendedQuery s = set.pipelined(batch.counter, adapters());
                connection.queue(s, statementTimeout());
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
    @Override
    void beforeResults() {
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
        return new ResultShape(description, adapters(), connection.context());
    }

    /** Before reading rows: the cursor is usable and a pipelined execution has delivered. */
    private void settleRows() {
        checkOpen();
        beforeResults();
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
        return fetchMany(arraySize());
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
        beforeResults();
        return results.nextSet();
    }

    /**
     * The statement timeout of this cursor (aiopg's cursor {@code timeout}); starts as the
     * connection's default.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
        return statementTimeout();
    }

    /**
     * Sets the statement timeout: a statement running longer is cancelled on the server and
     * raises {@link dev.tusk.errors.QueryTimeoutException}; the connection stays usable.
     *
     * @param timeout the bound, or {@code null} for none
     */
    public void setTimeout(Duration timeout) {
        setStatementTimeout(timeout);
    }

    /**
     * The connection the cursor runs on.
     *
     * @return the connection
     */
    @Override
    public Connection connection() {
        return connection;
    }

    /**
     * Releases the results, and those of an execution still in a pipeline; later use raises
     * {@link InterfaceException}.
     */
    @Override
    public void close() {
        super.close();
        queued = null;
        failure = null;
    }
}
