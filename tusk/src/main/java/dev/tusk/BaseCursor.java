package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.sql.Composable;
import dev.tusk.types.Adapters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every client-side cursor shares (psycopg's {@code BaseCursor}): its adapters, the
 * results of its last execution held in memory and their description, {@code mogrify}, the
 * fetch size and closing. The subclasses differ in how they execute and fetch:
 * {@link Cursor} blocks, {@link AsyncCursor} returns futures, {@link PollingCursor} leaves
 * the waiting to the caller. Code that only reads a cursor's results can take any of them:
 *
 * <pre>{@code
 * static void report(BaseCursor<?> cur) {
 *     System.out.println(cur.statusMessage() + ": " + cur.rowCount() + " rows, columns " + cur.description());
 * }
 * }</pre>
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public abstract class BaseCursor<R> implements AutoCloseable {
    final RowFactory<R> rowFactory;
    final CursorResults<R> results;
    private final Adapters adapters;
    private volatile BoundQuery last;
    private int arraySize = 1;
    private volatile boolean closed;
    // For the kinds that have a statement timeout: a polling cursor's caller owns the waiting.
    private Duration timeout;

    /** Only Tusk's cursor kinds extend this class directly; subclass one of them. */
    BaseCursor(BaseConnection connection, RowFactory<R> rowFactory) {
        this.rowFactory = rowFactory;
        this.adapters = connection.adapters().copy();
        this.results = new CursorResults<>(rowFactory, adapters, connection.context());
        this.timeout = connection.timeout();
    }

    /**
     * The connection the cursor runs on.
     *
     * @return the connection
     */
    public abstract BaseConnection connection();

    /**
     * Runs before a result member is read, so that a cursor kind can make its results
     * current first (a blocking cursor syncs its pipeline) or refuse (a polling cursor whose
     * query still runs).
     */
    void beforeResults() {
    }

    /** Records what {@link #query()} renders; {@code null} for none. */
    void rememberQuery(BoundQuery q) {
        last = q;
    }

    /** The statement timeout, or {@code null} for none; starts as the connection's. */
    Duration statementTimeout() {
        return timeout;
    }

    void setStatementTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
    }

    /**
     * Runs {@code call} with {@code bound} as the statement timeout, then restores the
     * cursor's: {@code execute(Duration, ...)} goes through the overridable {@code execute},
     * which takes the timeout when it is called, so that subclasses see it.
     */
    <T> T withTimeout(Duration bound, Supplier<T> call) {
        Duration saved = timeout;
        setStatementTimeout(bound);
        try {
            return call.get();
        } finally {
            timeout = saved;
        }
    }

    void checkOpen() {
        if (closed) {
            throw new InterfaceException("the cursor is closed");
        }
        connection().checkOpen();
    }

    // ---- mogrify ---------------------------------------------------------------------------

    /**
     * The query with each parameter rendered as an SQL literal, exactly as the server would
     * parse it; nothing is sent (psycopg's {@code mogrify}).
     *
     * <pre>{@code
     * cur.mogrify("INSERT INTO mytable VALUES (%s, %s)", 10, "O'Reilly");
     * // INSERT INTO mytable VALUES (10, 'O''Reilly')
     * }</pre>
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

    /**
     * The columns of the current result, or {@code null} if it returns no rows.
     *
     * @return the columns or {@code null}
     */
    public List<Column> description() {
        beforeResults();
        return results.description();
    }

    /**
     * Rows returned or affected by the last statement (the sum for {@code executeMany}), -1
     * when unknown or nothing ran.
     *
     * @return the count
     */
    public long rowCount() {
        beforeResults();
        return results.rowCount();
    }

    /**
     * The 0-based index of the next row to fetch, or {@code null} without a row result.
     *
     * @return the position or {@code null}
     */
    public Integer rowNumber() {
        beforeResults();
        return results.rowNumber();
    }

    /**
     * The command tag of the current result, e.g. {@code INSERT 0 1}.
     *
     * @return the tag, or {@code null}
     */
    public String statusMessage() {
        beforeResults();
        return results.statusMessage();
    }

    /**
     * The OID of the row inserted by a single-row {@code INSERT} into a table with OIDs;
     * {@code null} otherwise (tables have no OIDs since PostgreSQL 12).
     *
     * @return the OID or {@code null}
     */
    public Long lastRowId() {
        beforeResults();
        return results.lastRowId();
    }

    /**
     * The last query as sent, with parameters rendered as {@link #mogrify} renders them.
     *
     * @return the query, or {@code null} before the first execute
     */
    public String query() {
        BoundQuery q = last;
        return q == null ? null : q.render();
    }

    // ---- settings --------------------------------------------------------------------------

    /**
     * Rows per {@code fetchMany()} without a size (DB-API {@code arraysize}, default 1).
     *
     * @return the array size
     */
    public int arraySize() {
        return arraySize;
    }

    /**
     * Sets rows per {@code fetchMany()} without a size.
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
     * This cursor's adapters: a copy of the connection's.
     *
     * @return the adapters
     */
    public Adapters adapters() {
        return adapters;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Releases the results; later use raises {@link InterfaceException}. */
    @Override
    public void close() {
        closed = true;
        results.reset();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }
}
