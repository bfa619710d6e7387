package dev.tusk;

import dev.tusk.errors.InvalidCursorName;
import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.SimpleQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A server-side cursor (psycopg 3's {@code ServerCursor}, psycopg 2's named cursor): the
 * result stays on the server and the client reads it a piece at a time, so a result far
 * larger than memory can be walked. {@link #execute} declares the cursor
 * ({@code DECLARE "name" CURSOR FOR ...}, parameters out of band as for {@link Cursor});
 * fetching and scrolling become {@code FETCH} and {@code MOVE}. Iteration reads
 * {@link #itersize()} rows per round trip and holds no more than one such batch.
 *
 * <pre>{@code
 * try (ServerCursor<Row> cur = conn.cursor("events")) {
 *     cur.setItersize(1000);
 *     cur.execute("SELECT * FROM events WHERE day = %s", day);
 *     for (Row row : cur) {          // one FETCH FORWARD 1000 per 1000 rows
 *         process(row);
 *     }
 * }                                  // CLOSE "events"
 * }</pre>
 *
 * <p>Unless it is declared {@link #setWithHold WITH HOLD}, the cursor lives only as long as
 * the transaction that declared it: on a connection in autocommit mode the server refuses to
 * declare it ({@link dev.tusk.errors.NoActiveSqlTransaction}), and after the transaction
 * ends fetching raises {@link InvalidCursorName}. The cursor assumes that it alone moves its
 * server-side cursor: a {@code FETCH} or {@code MOVE} sent through another cursor makes
 * {@link #rowNumber()} wrong. Not thread-safe.
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public class ServerCursor<R> extends Cursor<R> {
    private final NamedCursor<R> cursor;

    /**
     * Creates a cursor; use {@link Connection#cursor(String)}. No I/O.
     *
     * @param connection the connection it runs on
     * @param name       its name on the server
     * @param rowFactory what rows become
     * @throws IllegalArgumentException if the name is empty or holds a NUL character
     */
    protected ServerCursor(Connection connection, String name, RowFactory<R> rowFactory) {
        super(connection, rowFactory);
        this.cursor = new NamedCursor<>(name, rowFactory);
    }

    // ---- declaration -----------------------------------------------------------------------

    /**
     * Declares the cursor for a query without parameters; {@code %} is not special. The
     * query is sent through the extended protocol, so it must be a single statement.
     *
     * @param sql one query
     * @return this cursor
     */
    @Override
    public ServerCursor<R> execute(String sql) {
        return declare(BoundQuery.simple(sql));
    }

    /**
     * Declares the cursor for a query with positional parameters ({@code %s}, or
     * {@code %b}/{@code %t}), which travel out of band. A cursor this object declared before
     * is closed first. Then {@link #description()} is known; no row has been read yet.
     *
     * @param sql    one query returning rows
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor
     * @throws ProgrammingException when the placeholders and the parameters do not match
     * @throws dev.tusk.errors.NoActiveSqlTransaction in autocommit mode without
     *                                                {@link #setWithHold WITH HOLD}
     */
    @Override
    public ServerCursor<R> execute(String sql, Object... params) {
        return declare(BoundQuery.positional(sql, params, adapters()));
    }

    /**
     * Declares the cursor for a query with named parameters ({@code %(name)s}); see
     * {@link #execute(String, Object...)}.
     *
     * @param sql    one query returning rows
     * @param params values by name; extra keys are ignored
     * @return this cursor
     * @throws ProgrammingException when a placeholder has no value
     */
    @Override
    public ServerCursor<R> execute(String sql, Map<String, ?> params) {
        return declare(BoundQuery.named(sql, params, adapters()));
    }

    private ServerCursor<R> declare(BoundQuery q) {
        checkOpen();
        // The name is taken on the server until the previous declaration is closed.
        closeOnServer();
        String declaration = cursor.declare();
        rememberQuery(q);
        ResultCollector collector = new ResultCollector();
        connection().run(q.after(declaration, collector, adapters()), timeout());
        cursor.declared(collector.results.get(0));
        cursor.described(shapeOf(command(cursor.describeStatement()).description));
        return this;
    }

    /**
     * Not supported: a server-side cursor holds the result of one query (as in psycopg).
     *
     * @param sql       ignored
     * @param paramSets ignored
     * @return never
     * @throws NotSupportedException always
     */
    @Override
    public Cursor<R> executeMany(String sql, Iterable<?> paramSets) {
        throw new NotSupportedException("executeMany is not supported on server-side cursors");
    }

    /** Runs one statement on the cursor's behalf and returns its result. */
    private Result command(String sql) {
        ResultCollector collector = new ResultCollector();
        connection().run(new SimpleQuery(sql, collector), timeout());
        return cursor.record(collector.results.get(0));
    }

    // ---- fetching --------------------------------------------------------------------------

    private void checkDeclared() {
        checkOpen();
        cursor.checkDeclared();
    }

    /** Reads the next {@code count} rows, or all when {@link NamedCursor#ALL}. */
    private void readBatch(int count) {
        cursor.fetched(command(cursor.fetchStatement(count)), count);
    }

    /**
     * The next row ({@code FETCH FORWARD 1} when no row is buffered, so that the server's
     * position, e.g. for {@code WHERE CURRENT OF}, is this row), or {@code null} at the end.
     *
     * @return the row or {@code null}
     * @throws ProgrammingException if {@link #execute} was not called
     */
    @Override
    public R fetchOne() {
        checkDeclared();
        if (cursor.needsRows()) {
            readBatch(1);
        }
        return cursor.nextOrNull();
    }

    /**
     * The next {@code size} rows, fewer at the end, empty when none remain: the rows already
     * read first, then the rest with one {@code FETCH FORWARD}.
     *
     * @param size how many rows at most
     * @return the rows
     */
    @Override
    public List<R> fetchMany(int size) {
        checkDeclared();
        return fetchUpTo(size);
    }

    /**
     * Every remaining row ({@code FETCH FORWARD ALL}): all of them in memory at once.
     *
     * @return the rows, empty when none remain
     */
    @Override
    public List<R> fetchAll() {
        checkDeclared();
        return fetchUpTo(Long.MAX_VALUE);
    }

    private List<R> fetchUpTo(long limit) {
        List<R> out = new ArrayList<>();
        int missing = cursor.take(out, limit);
        if (missing != 0) {
            readBatch(missing);
            cursor.take(out, limit);
        }
        return out;
    }

    /**
     * Iterates over the remaining rows, reading {@link #itersize()} rows per round trip. The
     * iterator ends when the cursor is executed again or closed.
     *
     * @return the iterator
     */
    @Override
    public Iterator<R> iterator() {
        checkDeclared();
        long execution = cursor.executions();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (execution != cursor.executions() || isClosed()) {
                    return false;
                }
                if (cursor.needsRows()) {
                    readBatch(cursor.itersize());
                }
                return cursor.buffered();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return cursor.next();
            }
        };
    }

    /**
     * Moves the cursor ({@code MOVE}). Moving backwards needs a scrollable cursor: see
     * {@link #setScrollable}; otherwise the server refuses with
     * {@link dev.tusk.errors.ObjectNotInPrerequisiteState}. A move within the rows already
     * read, forwards, needs no round trip.
     *
     * <p>A target before the first row raises before anything is sent. A target past the end
     * is known only once the server has moved there: it raises too, but leaves the cursor
     * after the last row, where {@link #rowNumber()} is the number of rows. Moving to just
     * after the last row is allowed; fetching there returns nothing.
     *
     * @param value the offset
     * @param mode  relative to the current position, or absolute
     * @throws ProgrammingException if the target is outside the result
     */
    @Override
    public void scroll(int value, ScrollMode mode) {
        checkDeclared();
        NamedCursor.Move move = cursor.scroll(value, mode);
        if (move != null) {
            cursor.moved(move, command(move.sql()));
        }
    }

    // ---- state -----------------------------------------------------------------------------

    /**
     * The columns of the declared query, known from {@link #execute} on; {@code null} before.
     *
     * @return the columns or {@code null}
     */
    @Override
    public List<Column> description() {
        return cursor.description();
    }

    /**
     * The rows read from the server since {@link #execute}, as in psycopg 3 (the size of the
     * result is unknown until the end is reached); -1 before execute.
     *
     * @return the count
     */
    @Override
    public long rowCount() {
        return cursor.rowCount();
    }

    /**
     * The 0-based index of the next row to fetch, or {@code null} before execute. Capped at
     * {@link Integer#MAX_VALUE}.
     *
     * @return the position or {@code null}
     */
    @Override
    public Integer rowNumber() {
        return cursor.rowNumber();
    }

    /**
     * The command tag of the last statement sent: {@code DECLARE CURSOR}, {@code FETCH 100},
     * {@code MOVE 5}.
     *
     * @return the tag, or {@code null}
     */
    @Override
    public String statusMessage() {
        return cursor.statusMessage();
    }

    /**
     * The last {@code DECLARE} as sent, with parameters rendered as literals.
     *
     * @return the statement, or {@code null} before the first execute
     */
    @Override
    public String query() {
        return cursor.query(super.query());
    }

    /**
     * The cursor's name on the server, unquoted.
     *
     * @return the name
     */
    public String name() {
        return cursor.name();
    }

    /**
     * Rows per round trip while iterating (psycopg's {@code itersize}, default 100).
     *
     * @return the batch size
     */
    public int itersize() {
        return cursor.itersize();
    }

    /**
     * Sets rows per round trip while iterating: more rows, fewer round trips and more memory.
     *
     * @param size at least 1
     */
    public void setItersize(int size) {
        cursor.setItersize(size);
    }

    /**
     * Whether the next {@link #execute} declares the cursor {@code SCROLL} ({@code true}),
     * {@code NO SCROLL} ({@code false}) or leaves it to the server ({@code null}, the
     * default: backwards only where the plan allows it cheaply).
     *
     * @return the setting
     */
    public Boolean scrollable() {
        return cursor.scrollable();
    }

    /**
     * Sets scrollability for the next {@link #execute}; needed to {@link #scroll} backwards.
     *
     * @param scrollable {@code true}, {@code false}, or {@code null} for the server's choice
     */
    public void setScrollable(Boolean scrollable) {
        cursor.setScrollable(scrollable);
    }

    /**
     * Whether the next {@link #execute} declares the cursor {@code WITH HOLD} (default
     * {@code false}).
     *
     * @return the setting
     */
    public boolean withHold() {
        return cursor.withHold();
    }

    /**
     * Sets {@code WITH HOLD} for the next {@link #execute}: the cursor then outlives the
     * transaction that declared it (the server stores its whole result at commit) and can be
     * declared in autocommit mode. It lasts until {@link #close()} or the end of the session.
     *
     * @param withHold the setting
     */
    public void setWithHold(boolean withHold) {
        cursor.setWithHold(withHold);
    }

    /**
     * Closes the cursor on the server ({@code CLOSE}) and releases the rows held. Nothing
     * is sent when the server has surely dropped the cursor already (a transaction ended, or
     * the connection is closed) or cannot take commands (a failed transaction: its rollback
     * drops the cursor, unless it is {@code WITH HOLD} from an earlier transaction, which
     * then lasts until the session ends).
     */
    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        try {
            closeOnServer();
        } finally {
            cursor.release();
            super.close();
        }
    }

    private void closeOnServer() {
        Connection conn = connection();
        switch (cursor.closing(conn.transactionStatus())) {
            case IF_EXISTS -> {
                if (!command(cursor.existsQuery()).rows.isEmpty()) {
                    command(cursor.closeStatement());
                }
            }
            case OUTSIDE_TRANSACTION -> {
                try {
                    // Outside a transaction: CLOSE must not open one.
                    conn.runControl(cursor.closeStatement());
                } catch (InvalidCursorName e) {
                    // The transaction that declared it rolled back: nothing to close.
                }
            }
            case NOTHING -> {
            }
        }
    }
}
