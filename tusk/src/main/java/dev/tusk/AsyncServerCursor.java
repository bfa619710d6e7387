package dev.tusk;

import dev.tusk.errors.InFailedSqlTransaction;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.InvalidCursorName;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.sql.Composable;
import dev.tusk.types.Adapters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A server-side cursor of an {@link AsyncConnection} (psycopg 3's {@code AsyncServerCursor}):
 * the result stays on the server and is read a piece at a time, so a result far larger than
 * memory can be walked without blocking a thread. It behaves as {@link ServerCursor} does
 * ({@code DECLARE}, then {@code FETCH} and {@code MOVE}; the same options and close rules),
 * but every operation returns a future, and {@link #stream()} publishes the rows with
 * back-pressure.
 *
 * <pre>{@code
 * AsyncServerCursor<Row> cur = conn.cursor("events");
 * cur.execute("SELECT * FROM events WHERE day = %s", day)
 *    .thenCompose(c -> c.fetchMany(1000))              // FETCH FORWARD 1000
 *    .thenAccept(rows -> rows.forEach(this::process))
 *    .thenCompose(v -> cur.closeAsync());              // CLOSE "events"
 * }</pre>
 *
 * <p>Unless it is declared {@link #setWithHold WITH HOLD}, the cursor lives only as long as
 * the transaction that declared it: on a connection in autocommit mode the server refuses to
 * declare it ({@link dev.tusk.errors.NoActiveSqlTransaction}). Its statements run with the
 * connection's default timeout. Futures complete on the connection's loop thread. Not
 * thread-safe: issue one operation at a time and wait for its future before the next, as
 * psycopg's {@code await} does.
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public final class AsyncServerCursor<R> implements AutoCloseable {
    private final AsyncConnection connection;
    private final Adapters adapters;
    private final NamedCursor<R> cursor;
    private final Duration timeout;
    private volatile BoundQuery last;
    private int arraySize = 1;
    private volatile boolean closed;
    private CompletableFuture<Void> closing;

    AsyncServerCursor(AsyncConnection connection, String name, RowFactory<R> rowFactory) {
        this.cursor = new NamedCursor<>(name, rowFactory);
        this.connection = connection;
        this.adapters = connection.adapters().copy();
        this.timeout = connection.timeout();
    }

    /** The future of {@code action}, or its failure when it throws before returning one. */
    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return TuskFuture.failed(e);
        }
    }

    // ---- declaration -----------------------------------------------------------------------

    /**
     * Declares the cursor for a query without parameters; {@code %} is not special. The query
     * is sent through the extended protocol, so it must be a single statement.
     *
     * @param sql one query
     * @return this cursor once declared, its {@link #description()} known
     */
    public CompletableFuture<AsyncServerCursor<R>> execute(String sql) {
        return declare(() -> BoundQuery.simple(sql));
    }

    /**
     * Declares the cursor for a query with positional parameters ({@code %s}, or
     * {@code %b}/{@code %t}), which travel out of band. A cursor this object declared before
     * is closed first. Once the future completes, {@link #description()} is known; no row
     * has been read yet.
     *
     * @param sql    one query returning rows
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor once declared; a {@link ProgrammingException} before anything is
     *         sent when the placeholders and the parameters do not match, a
     *         {@link dev.tusk.errors.NoActiveSqlTransaction} in autocommit mode without
     *         {@link #setWithHold WITH HOLD}
     */
    public CompletableFuture<AsyncServerCursor<R>> execute(String sql, Object... params) {
        return declare(() -> BoundQuery.positional(sql, params, adapters));
    }

    /**
     * Declares the cursor for a query with named parameters ({@code %(name)s}); see
     * {@link #execute(String, Object...)}.
     *
     * @param sql    one query returning rows
     * @param params values by name; extra keys are ignored
     * @return this cursor once declared; a {@link ProgrammingException} when a placeholder
     *         has no value
     */
    public CompletableFuture<AsyncServerCursor<R>> execute(String sql, Map<String, ?> params) {
        return declare(() -> BoundQuery.named(sql, params, adapters));
    }

    /**
     * Declares the cursor for a query composed with {@link dev.tusk.sql}, without parameters;
     * it is rendered with this cursor's {@link #adapters()}.
     *
     * <pre>{@code
     * cur.execute(Sql.of("SELECT * FROM {}").format(Identifier.of("my_schema", "events")));
     * }</pre>
     *
     * @param query one query
     * @return this cursor once declared; a failure, before anything is sent, if a literal
     *         cannot be rendered
     */
    public CompletableFuture<AsyncServerCursor<R>> execute(Composable query) {
        return declare(() -> BoundQuery.simple(query.asString(adapters)));
    }

    /**
     * Declares the cursor for a query composed with {@link dev.tusk.sql}, with positional
     * parameters bound out of band to its {@link dev.tusk.sql.Placeholder}s; see
     * {@link AsyncCursor#execute(Composable, Object...)} for the rendering.
     *
     * @param query  one query returning rows
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor once declared
     */
    public CompletableFuture<AsyncServerCursor<R>> execute(Composable query, Object... params) {
        return declare(() -> BoundQuery.positional(query.asTemplate(adapters), params, adapters));
    }

    /**
     * Declares the cursor for a query composed with {@link dev.tusk.sql}, with named
     * parameters.
     *
     * @param query  one query returning rows
     * @param params values by name; extra keys are ignored
     * @return this cursor once declared
     */
    public CompletableFuture<AsyncServerCursor<R>> execute(Composable query, Map<String, ?> params) {
        return declare(() -> BoundQuery.named(query.asTemplate(adapters), params, adapters));
    }

    private CompletableFuture<AsyncServerCursor<R>> declare(Supplier<BoundQuery> binder) {
        return guarded(() -> {
            checkOpen();
            BoundQuery q = binder.get();
            // The name is taken on the server until the previous declaration is closed.
            return closeOnServer().thenCompose(v -> {
                String head = cursor.declare();
                last = q;
                ResultCollector declaration = new ResultCollector();
                CompletableFuture<Void> declared = connection.run(q.after(head, declaration, adapters), timeout,
                        () -> {
                            cursor.declared(declaration.results.get(0));
                            return null;
                        });
                // Pipelined behind the DECLARE, saving a round trip. The outcome waits for both,
                // so that the connection is idle again when it fails; a failed DECLARE is the
                // error reported (the describe then fails too, or is ignored).
                CompletableFuture<AsyncServerCursor<R>> described = command(cursor.describeStatement(), r -> {
                    cursor.described(new ResultShape(r.description, adapters, connection.context()));
                    return this;
                });
                return described.handle((c, e) -> c).thenCompose(c -> declared).thenCompose(x -> described);
            });
        });
    }

    /** Runs one statement on the cursor's behalf; {@code then} reads its result on the loop thread. */
    private <T> CompletableFuture<T> command(String sql, Function<Result, T> then) {
        ResultCollector collector = new ResultCollector();
        return connection.run(new SimpleQuery(sql, collector), timeout,
                () -> then.apply(cursor.record(collector.results.get(0))));
    }

    // ---- fetching --------------------------------------------------------------------------

    private void checkDeclared() {
        checkOpen();
        cursor.checkDeclared();
    }

    /** Reads the next {@code count} rows ({@link NamedCursor#ALL}: every one), then {@code then}. */
    private <T> CompletableFuture<T> read(int count, Supplier<T> then) {
        return command(cursor.fetchStatement(count), r -> {
            cursor.fetched(r, count);
            return then.get();
        });
    }

    /**
     * The next row ({@code FETCH FORWARD 1} when no row is held, so that the server's
     * position, e.g. for {@code WHERE CURRENT OF}, is this row), or {@code null} at the end.
     *
     * @return the row or {@code null}; a {@link ProgrammingException} if {@link #execute}
     *         was not called
     */
    public CompletableFuture<R> fetchOne() {
        return guarded(() -> {
            checkDeclared();
            return cursor.needsRows() ? read(1, cursor::nextOrNull) : TuskFuture.done(cursor.nextOrNull());
        });
    }

    /**
     * The next {@code size} rows, fewer at the end, empty when none remain: the rows already
     * read first, then the rest with one {@code FETCH FORWARD}.
     *
     * @param size how many rows at most
     * @return the rows
     */
    public CompletableFuture<List<R>> fetchMany(int size) {
        return fetchUpTo(size);
    }

    /**
     * The next {@link #arraySize()} rows.
     *
     * @return the rows
     */
    public CompletableFuture<List<R>> fetchMany() {
        return fetchUpTo(arraySize);
    }

    /**
     * Every remaining row ({@code FETCH FORWARD ALL}): all of them in memory at once.
     *
     * @return the rows, empty when none remain
     */
    public CompletableFuture<List<R>> fetchAll() {
        return fetchUpTo(Long.MAX_VALUE);
    }

    private CompletableFuture<List<R>> fetchUpTo(long limit) {
        return guarded(() -> {
            checkDeclared();
            List<R> out = new ArrayList<>();
            int missing = cursor.take(out, limit);
            if (missing == 0) {
                return TuskFuture.done(out);
            }
            return read(missing, () -> {
                cursor.take(out, limit);
                return out;
            });
        });
    }

    /**
     * Moves the cursor ({@code MOVE}). Moving backwards needs a scrollable cursor (see
     * {@link #setScrollable}); otherwise the server refuses with
     * {@link dev.tusk.errors.ObjectNotInPrerequisiteState}. A move forwards within the rows
     * already read needs no round trip.
     *
     * <p>A target before the first row fails before anything is sent. A target past the end
     * is known only once the server has moved there: it fails too, but leaves the cursor after
     * the last row, where {@link #rowNumber()} is the number of rows.
     *
     * @param value the offset
     * @param mode  relative to the current position, or absolute
     * @return completes once moved; a {@link ProgrammingException} if the target is outside
     *         the result
     */
    public CompletableFuture<Void> scroll(int value, ScrollMode mode) {
        return guarded(() -> {
            checkDeclared();
            NamedCursor.Move move = cursor.scroll(value, mode);
            if (move == null) {
                return TuskFuture.done(null);
            }
            return command(move.sql(), r -> {
                cursor.moved(move, r);
                return null;
            });
        });
    }

    /**
     * The remaining rows as a publisher with real back-pressure (psycopg's {@code async for
     * row in cursor}): rows already read go first, then each {@code FETCH FORWARD n} asks for
     * {@code n} = the subscriber's outstanding demand, at most {@link #itersize()}, and only
     * while there is demand, so memory holds one batch. Cancelling the subscription stops
     * fetching; the cursor stays declared, keeps the rows read and not delivered, and the
     * connection is free as soon as a {@code FETCH} in flight has returned. The stream
     * completes at the end of the result, or when the cursor is executed again or closed.
     * Signals arrive on the connection's loop thread. Single use: one subscriber.
     *
     * <pre>{@code
     * cur.execute("SELECT * FROM big_table").join();
     * cur.stream().subscribe(new Flow.Subscriber<Row>() { ... request(500) at a time ... });
     * }</pre>
     *
     * @return a single-use publisher of the rows
     * @throws ProgrammingException if {@link #execute} was not called
     */
    public Flow.Publisher<R> stream() {
        checkDeclared();
        long execution = cursor.executions();
        AtomicBoolean subscribed = new AtomicBoolean();
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            if (!subscribed.compareAndSet(false, true)) {
                RowStream.refuseSecondSubscriber(subscriber);
                return;
            }
            subscriber.onSubscribe(new Batches(subscriber, execution));
        };
    }

    /**
     * One subscription of {@link #stream()}. Every signal is sent from the loop thread, where
     * the cursor's state also changes, so signals never overlap and need no lock.
     */
    private final class Batches implements Flow.Subscription {
        private final Flow.Subscriber<? super R> subscriber;
        private final long execution;
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean done;
        /** Loop thread only: a FETCH is on its way, and its completion drains again. */
        private boolean fetching;

        Batches(Flow.Subscriber<? super R> subscriber, long execution) {
            this.subscriber = subscriber;
            this.execution = execution;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                connection.onLoop(() -> finish(new IllegalArgumentException(
                        "request(n) needs n > 0 (Reactive Streams rule 3.9), got " + n)));
                return;
            }
            if (done) {
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            // Always through the loop, even from onNext: recursion stays flat.
            connection.onLoop(this::drain);
        }

        @Override
        public void cancel() {
            done = true;
        }

        /** Loop thread: hands over held rows, then fetches as many as are wanted. */
        private void drain() {
            if (done || fetching) {
                return;
            }
            if (execution != cursor.executions() || closed) {
                finish(null);
                return;
            }
            while (demand.get() > 0 && cursor.buffered()) {
                R row;
                try {
                    row = cursor.next();
                } catch (RuntimeException e) {
                    finish(e);
                    return;
                }
                demand.decrementAndGet();
                try {
                    subscriber.onNext(row);
                } catch (RuntimeException e) {
                    // A subscriber must not throw (rule 2.13); if it does, it has left.
                    done = true;
                }
                if (done) {
                    return;
                }
            }
            if (cursor.exhausted() && !cursor.buffered()) {
                finish(null);
                return;
            }
            long wanted = demand.get();
            if (wanted > 0) {
                fetching = true;
                read((int) Math.min(wanted, cursor.itersize()), () -> null).whenComplete((v, e) -> {
                    fetching = false;
                    if (e != null) {
                        finish(AsyncConnection.unwrap(e));
                    } else {
                        drain();
                    }
                });
            }
        }

        private void finish(Throwable error) {
            if (done) {
                return;
            }
            done = true;
            if (error == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(error);
            }
        }
    }

    // ---- state -----------------------------------------------------------------------------

    /**
     * The columns of the declared query, known once {@link #execute} completed; {@code null}
     * before.
     *
     * @return the columns or {@code null}
     */
    public List<Column> description() {
        return cursor.description();
    }

    /**
     * The rows read from the server since {@link #execute}, as in psycopg 3 (the size of the
     * result is unknown until the end is reached); -1 before execute.
     *
     * @return the count
     */
    public long rowCount() {
        return cursor.rowCount();
    }

    /**
     * The 0-based index of the next row to fetch, or {@code null} before execute. Capped at
     * {@link Integer#MAX_VALUE}.
     *
     * @return the position or {@code null}
     */
    public Integer rowNumber() {
        return cursor.rowNumber();
    }

    /**
     * The command tag of the last statement sent: {@code DECLARE CURSOR}, {@code FETCH 100},
     * {@code MOVE 5}.
     *
     * @return the tag, or {@code null}
     */
    public String statusMessage() {
        return cursor.statusMessage();
    }

    /**
     * The last {@code DECLARE} as sent, with parameters rendered as literals.
     *
     * @return the statement, or {@code null} before the first execute
     */
    public String query() {
        BoundQuery q = last;
        return cursor.query(q == null ? null : q.render());
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
     * Rows per {@code FETCH} while {@link #stream() streaming} (psycopg's {@code itersize},
     * default 100): a subscriber's demand is fetched in batches of at most this many rows.
     *
     * @return the batch size
     */
    public int itersize() {
        return cursor.itersize();
    }

    /**
     * Sets the largest batch while streaming: more rows, fewer round trips and more memory.
     *
     * @param size at least 1
     */
    public void setItersize(int size) {
        cursor.setItersize(size);
    }

    /**
     * Rows per {@link #fetchMany()} (default 1).
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
        this.arraySize = NamedCursor.atLeastOne(size, "arraySize");
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
     * declared in autocommit mode. It lasts until it is closed or the session ends.
     *
     * @param withHold the setting
     */
    public void setWithHold(boolean withHold) {
        cursor.setWithHold(withHold);
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
    public AsyncConnection connection() {
        return connection;
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Closes the cursor (psycopg's {@code await cur.close()}): on the server with
     * {@code CLOSE}, after the commands issued before it, and releases the rows held; later
     * operations fail with {@link InterfaceException}. Nothing is sent when the server has
     * surely dropped the cursor already (its transaction ended, the connection is closed) or
     * cannot take commands (a failed transaction: its rollback drops the cursor, unless it is
     * {@code WITH HOLD} from an earlier transaction, which then lasts until the session ends).
     * Inside a transaction the server is asked first whether the cursor still exists, since
     * closing a missing one would abort the transaction. Calling it again returns the same
     * future.
     *
     * @return completes once closed
     */
    public synchronized CompletableFuture<Void> closeAsync() {
        if (closing == null) {
            closed = true;
            closing = closeOnServer().whenComplete((v, e) -> cursor.release());
        }
        return closing;
    }

    /** Starts {@link #closeAsync()} without waiting for it: commands issued later run after the {@code CLOSE}. */
    @Override
    public void close() {
        closeAsync();
    }

    /**
     * Whether {@link #close()} or {@link #closeAsync()} was called.
     *
     * @return true once closing
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the declaration on the server, decided on the loop thread from the transaction
     * status the commands issued before leave. Inside a transaction the {@code CLOSE} follows
     * the check at once, before any command issued later. A status guessed while earlier
     * commands are in flight may be stale: the check then meets a failed transaction, or the
     * {@code CLOSE} a cursor whose transaction rolled back, and both errors mean there was
     * nothing to close.
     */
    private CompletableFuture<Void> closeOnServer() {
        if (connection.isClosed()) {
            cursor.closing(TransactionStatus.UNKNOWN);
            return TuskFuture.done(null);
        }
        ResultCollector found = new ResultCollector();
        Supplier<Command> closeIfFound = () -> found.results.isEmpty() || found.results.get(0).rows.isEmpty()
                ? null : new SimpleQuery(cursor.closeStatement(), ResultHandler.DISCARD);
        return connection.<Void>runChosen(status -> switch (cursor.closing(status)) {
            case IF_EXISTS -> new SimpleQuery(cursor.existsQuery(), found);
            case OUTSIDE_TRANSACTION -> new SimpleQuery(cursor.closeStatement(), ResultHandler.DISCARD);
            case NOTHING -> null;
        }, closeIfFound, () -> null).handle((v, e) -> {
            Throwable cause = e == null ? null : AsyncConnection.unwrap(e);
            if (cause == null || cause instanceof InvalidCursorName || cause instanceof InFailedSqlTransaction) {
                return null;
            }
            throw new CompletionException(cause);
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new InterfaceException("the cursor is closed");
        }
        connection.checkOpen();
    }
}
