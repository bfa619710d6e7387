package dev.tusk;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.sql.Composable;
import java.nio.channels.SelectableChannel;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A cursor of a {@link PollingConnection} (psycopg 2's cursor on an asynchronous connection):
 * {@code execute} and {@code callProc} only send the query and return at once; once
 * {@link PollingConnection#poll()} returned {@link PollState#OK}, the usual fetch methods and
 * result members read the results, which are then in memory.
 *
 * <pre>{@code
 * PollingCursor<Row> cur = conn.cursor();
 * cur.execute("SELECT id, name FROM users WHERE id > %s", 10);   // sends, returns at once
 * // ... the caller's loop polls conn until OK ...
 * for (Row r : cur) { System.out.println(r.get("name")); }
 * }</pre>
 *
 * Executing again on this cursor while its query runs queues the new query behind it and
 * discards the older results (psycopg 1's rule); executing on another cursor meanwhile raises.
 * Not thread-safe.
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public class PollingCursor<R> extends BaseCursor<R> implements Iterable<R> {
    private final PollingConnection connection;

    /**
     * Creates a cursor; use {@link PollingConnection#cursor()}.
     *
     * @param connection the connection it runs on
     * @param rowFactory what rows become
     */
    protected PollingCursor(PollingConnection connection, RowFactory<R> rowFactory) {
        super(connection, rowFactory);
        this.connection = connection;
    }

    // ---- sending ---------------------------------------------------------------------------

    /**
     * Sends a query without parameters, as written: the string may hold several statements
     * (see {@link #nextSet()}; they take the simple protocol), and {@code %} is not special.
     * One statement takes the extended protocol, so it is prepared like any other.
     *
     * @param sql one or more statements
     * @return this cursor, its query sent (poll the connection for its results)
     * @throws ProgrammingException if the connection is not established yet, or another
     *                              cursor's query is executing
     */
    public PollingCursor<R> execute(String sql) {
        return send(BoundQuery.simple(sql));
    }

    /**
     * Sends a statement with positional parameters ({@code %s}; {@code %b}/{@code %t} force
     * binary/text), which travel out of band.
     *
     * @param sql    one statement
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor, its query sent
     * @throws ProgrammingException on a placeholder/parameter mismatch (nothing is sent), or as
     *                              {@link #execute(String)}
     */
    public PollingCursor<R> execute(String sql, Object... params) {
        checkOpen();
        return send(BoundQuery.positional(sql, params, adapters()));
    }

    /**
     * Sends a statement with named parameters ({@code %(name)s}).
     *
     * @param sql    one statement
     * @param params values by name; extra keys are ignored
     * @return this cursor, its query sent
     */
    public PollingCursor<R> execute(String sql, Map<String, ?> params) {
        checkOpen();
        return send(BoundQuery.named(sql, params, adapters()));
    }

    /**
     * Sends a query composed with {@link dev.tusk.sql} and no parameters, rendered with this
     * cursor's {@link #adapters()}; see {@link #execute(String)}.
     *
     * @param query one or more statements, without placeholders
     * @return this cursor, its query sent
     */
    public PollingCursor<R> execute(Composable query) {
        return execute(query.asString(adapters()));
    }

    /**
     * Sends a query composed with {@link dev.tusk.sql}, its {@link dev.tusk.sql.Placeholder}s
     * bound out of band to {@code params}; see {@link Cursor#execute(Composable, Object...)}.
     *
     * @param query  one statement
     * @param params one value per placeholder
     * @return this cursor, its query sent
     */
    public PollingCursor<R> execute(Composable query, Object... params) {
        return execute(query.asTemplate(adapters()), params);
    }

    /**
     * Sends a query composed with {@link dev.tusk.sql} with named parameters.
     *
     * @param query  one statement
     * @param params values by name
     * @return this cursor, its query sent
     */
    public PollingCursor<R> execute(Composable query, Map<String, ?> params) {
        return execute(query.asTemplate(adapters()), params);
    }

    /**
     * Sends a call of a function with positional arguments ({@code SELECT * FROM name(...)},
     * psycopg 2's {@code callproc}). The name is SQL, not a value: never pass untrusted input.
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
     * Sends a call of a function with named arguments ({@code name(a => ..., b => ...)}).
     *
     * @param name   the function name
     * @param params arguments by parameter name
     * @return the arguments, unchanged
     */
    public Map<String, ?> callProc(String name, Map<String, ?> params) {
        execute(BoundQuery.callSql(name, params.keySet()), params.values().toArray());
        return params;
    }

    private PollingCursor<R> send(BoundQuery q) {
        checkOpen();
        ResultCollector collector = new ResultCollector();
        connection.send(this, q.command(collector, adapters()), collector);
        rememberQuery(q);
        results.reset();
        return this;
    }

    // ---- waiting ---------------------------------------------------------------------------

    /**
     * Whether this cursor's query is still running (psycopg 1's {@code isbusy()}). It makes one
     * non-blocking {@link PollingConnection#poll()} step first, so a loop that only selects
     * and asks this makes progress.
     *
     * @return true while the query runs, false once its results can be fetched
     * @throws dev.tusk.errors.PgException the query's error, when this step completed it
     */
    public boolean isBusy() {
        checkOpen();
        if (!connection.isRunning(this)) {
            return false;
        }
        connection.poll();
        return connection.isRunning(this);
    }

    /**
     * The connection's channel, to wait on (psycopg 1's cursor {@code fileno()}).
     *
     * @return {@link PollingConnection#channel()}
     */
    public SelectableChannel channel() {
        return connection.channel();
    }

    // ---- results ---------------------------------------------------------------------------

    /** Called by the connection when this cursor's query completed. */
    void completed(List<Result> rs) {
        results.set(rs);
    }

    /** Called by the connection when this cursor's query failed or its results were discarded. */
    void discardResults() {
        results.reset();
    }

    /** Results are read only once the query completed: they are not in before. */
    @Override
    void beforeResults() {
        checkOpen();
        if (connection.isRunning(this)) {
            throw new ProgrammingException("the query is still executing: poll() the connection until it returns OK "
                    + "before fetching");
        }
    }

    private CursorResults<R> ready() {
        beforeResults();
        return results;
    }

    /**
     * The next row, or {@code null} when there are no more.
     *
     * @return the row or {@code null}
     * @throws ProgrammingException while the query runs, or if it returned no rows
     */
    public R fetchOne() {
        return ready().fetchOne();
    }

    /**
     * The next {@code size} rows, fewer at the end, empty when none remain.
     *
     * @param size how many rows at most
     * @return the rows
     */
    public List<R> fetchMany(int size) {
        return ready().fetchMany(size);
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
        return ready().fetchAll();
    }

    /**
     * Iterates over the remaining rows, advancing the cursor.
     *
     * @return the iterator
     */
    @Override
    public Iterator<R> iterator() {
        return ready().iterator();
    }

    /**
     * Moves within the current result. Out of range raises and keeps the position.
     *
     * @param value the offset
     * @param mode  relative to the current position, or absolute
     */
    public void scroll(int value, ScrollMode mode) {
        ready().scroll(value, mode);
    }

    /**
     * Moves to the next result of a multi-statement query.
     *
     * @return true if there was one, false at the end
     */
    public boolean nextSet() {
        return ready().nextSet();
    }

    /**
     * The connection the cursor runs on.
     *
     * @return the connection
     */
    @Override
    public PollingConnection connection() {
        return connection;
    }
}
