package dev.tusk;

import dev.tusk.sql.Composable;
import dev.tusk.sql.PlaceholderQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client-side cursor of an {@link AsyncConnection} (psycopg's {@code AsyncCursor}): executing
 * returns a future that completes once the results are in memory; fetching then reads them.
 * Parameters use psycopg's placeholders and travel out of band. Not thread-safe: use one
 * cursor per task (cursors are cheap; the connection is what is shared).
 *
 * <pre>{@code
 * AsyncCursor<Row> cur = conn.cursor();
 * cur.execute("SELECT id, name FROM users WHERE id > %s", 10)
 *    .thenCompose(AsyncCursor::fetchAll)
 *    .thenAccept(rows -> rows.forEach(r -> System.out.println(r.get("name"))));
 * }</pre>
 *
 * <p>Subclasses (made by an {@link AsyncCursorFactory}) can override {@code execute}: every
 * execution goes through {@link #execute(String)} (also a composed query without parameters),
 * {@link #execute(String, Object...)} (also with a timeout, a composed query,
 * {@link #callProc}) or {@link #execute(String, Map)} (named parameters); only
 * {@link #executeMany} and {@code stream} send on their own.
 *
 * @param <R> the row type its {@link RowFactory} makes
 */
public class AsyncCursor<R> extends BaseCursor<R> {
    private final AsyncConnection connection;
    private AsyncPipeline pipeline;

    /**
     * Creates a cursor; use {@link AsyncConnection#cursor()}.
     *
     * @param connection the connection it runs on
     * @param rowFactory what rows become
     */
    protected AsyncCursor(AsyncConnection connection, RowFactory<R> rowFactory) {
        super(connection, rowFactory);
        this.connection = connection;
    }

    // ---- execution -------------------------------------------------------------------------

    /**
     * Runs a query without parameters, sent as written: the string may hold several
     * statements (see {@link #nextSet()}; they take the simple protocol), and {@code %} is not
     * special. One statement takes the extended protocol, so it is prepared like any other.
     *
     * @param sql one or more statements
     * @return this cursor, once the query completed
     */
    public CompletableFuture<AsyncCursor<R>> execute(String sql) {
        return run(() -> BoundQuery.simple(sql));
    }

    /**
     * Runs a statement with positional parameters ({@code %s}; {@code %b}/{@code %t} force
     * binary/text).
     *
     * @param sql    one statement
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor, positioned before the first row, once the statement completed; a
     *         placeholder/parameter mismatch fails it before anything is sent
     */
    public CompletableFuture<AsyncCursor<R>> execute(String sql, Object... params) {
        return run(() -> BoundQuery.positional(sql, params, adapters()));
    }

    /**
     * Runs a statement with named parameters ({@code %(name)s}).
     *
     * @param sql    one statement
     * @param params values by name; extra keys are ignored
     * @return this cursor once the statement completed
     */
    public CompletableFuture<AsyncCursor<R>> execute(String sql, Map<String, ?> params) {
        return run(() -> BoundQuery.named(sql, params, adapters()));
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} and no parameters: it is rendered with
     * this cursor's {@link #adapters()} and run as {@link #execute(String)} runs a string.
     *
     * <pre>{@code
     * cur.execute(Sql.of("DROP TABLE IF EXISTS {}").format(Identifier.of("my_schema", "old")));
     * }</pre>
     *
     * @param query one or more statements, without placeholders ({@code %} is not special)
     * @return this cursor once the query completed; a failure, before anything is sent, if a
     *         literal cannot be rendered
     */
    public CompletableFuture<AsyncCursor<R>> execute(Composable query) {
        return rendered(() -> query.asString(adapters()), sql -> execute(sql));
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} with positional parameters, bound out of
     * band to its {@link dev.tusk.sql.Placeholder}s. The query is rendered with this cursor's
     * {@link #adapters()} ({@link Composable#asTemplate}: a {@code %} inside a name or a
     * literal is never a placeholder) and run as {@link #execute(String, Object...)}.
     *
     * <pre>{@code
     * Composed q = Sql.of("INSERT INTO {} ({}) VALUES ({})").format(
     *         Identifier.of("my_schema", "my_table"),
     *         Sql.of(", ").join(List.of(Identifier.of("id"), Identifier.of("name"))),
     *         Sql.of(", ").join(List.of(Placeholder.of(), Placeholder.of())));
     * cur.execute(q, 10, "O'Reilly").join();
     * }</pre>
     *
     * @param query  one statement
     * @param params one value per placeholder; {@code null} is SQL NULL
     * @return this cursor once the statement completed; a placeholder/parameter mismatch fails
     *         it before anything is sent
     */
    public CompletableFuture<AsyncCursor<R>> execute(Composable query, Object... params) {
        return rendered(() -> query.asTemplate(adapters()), sql -> execute(sql, params));
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} with named parameters, bound out of band
     * to its {@code Placeholder.of(name)}s; see {@link #execute(Composable, Object...)}.
     *
     * @param query  one statement
     * @param params values by name; extra keys are ignored
     * @return this cursor once the statement completed
     */
    public CompletableFuture<AsyncCursor<R>> execute(Composable query, Map<String, ?> params) {
        return rendered(() -> query.asTemplate(adapters()), sql -> execute(sql, params));
    }

    /**
     * {@link #execute(String, Object...)} with its own timeout instead of the cursor's
     * (aiopg's {@code execute(..., timeout=)}).
     *
     * <pre>{@code
     * cur.execute(Duration.ofSeconds(2), "SELECT slow_report(%s)", month);
     * }</pre>
     *
     * @param timeout the bound for this statement, {@code null} for none
     * @param sql     one statement
     * @param params  one value per placeholder
     * @return this cursor once the statement completed, or a
     *         {@link dev.tusk.errors.QueryTimeoutException} past the timeout
     */
    public CompletableFuture<AsyncCursor<R>> execute(Duration timeout, String sql, Object... params) {
        return withTimeout(timeout, () -> execute(sql, params));
    }

    /**
     * {@link #execute(String, Map)} with its own timeout instead of the cursor's.
     *
     * @param timeout the bound for this statement, {@code null} for none
     * @param sql     one statement
     * @param params  values by name
     * @return this cursor once the statement completed
     */
    public CompletableFuture<AsyncCursor<R>> execute(Duration timeout, String sql, Map<String, ?> params) {
        return withTimeout(timeout, () -> execute(sql, params));
    }


    /**
     * Renders a composed query and runs it through the overridable string overload; a
     * rendering failure fails the future, as a binding failure does.
     */
    private CompletableFuture<AsyncCursor<R>> rendered(Supplier<String> render,
            Function<String, CompletableFuture<AsyncCursor<R>>> execute) {
        String sql;
        try {
            sql = render.get();
        } catch (RuntimeException e) {
            return TuskFuture.failed(e);
        }
        return execute.apply(sql);
    }

    private CompletableFuture<AsyncCursor<R>> run(Supplier<BoundQuery> binder) {
        BoundQuery q;
        try {
            checkOpen();
            q = binder.get();
        } catch (RuntimeException e) {
            return TuskFuture.failed(e);
        }
        ResultCollector collector = new ResultCollector();
        Supplier<AsyncCursor<R>> done = () -> {
            rememberQuery(q);
            results.set(collector.results);
            return this;
        };
        if (pipeline != null) {
            return pipeline.add(q.pipelined(collector, adapters()), done);
        }
        return connection.run(q.command(collector, adapters()), statementTimeout(), done);
    }

    /** Makes this cursor's statements join {@code p} (see {@link AsyncPipeline#cursor()}). */
    void joinPipeline(AsyncPipeline p) {
        this.pipeline = p;
    }

    /**
     * Runs a statement once per parameter set (psycopg's {@code executemany}), all of them in
     * one pipeline group; fails with the first error. With autocommit the group is one
     * implicit transaction, so either every set is applied or none. {@link #rowCount()} is
     * then the total of affected rows.
     *
     * @param sql       one statement
     * @param paramSets each an {@code Object[]}, a {@code List} or a {@code Map} of named values
     * @return this cursor once every set ran
     */
    public CompletableFuture<AsyncCursor<R>> executeMany(String sql, Iterable<?> paramSets) {
        AsyncPipeline group = new AsyncPipeline(connection);
        List<ResultCollector> collectors = new ArrayList<>();
        try {
            checkOpen();
            PlaceholderQuery q = PlaceholderQuery.parse(sql);
            for (Object set : paramSets) {
                ResultCollector c = new ResultCollector();
                collectors.add(c);
                group.add(BoundQuery.ofSet(q, set, adapters()).pipelined(c, adapters()), () -> null);
            }
        } catch (RuntimeException e) {
            return TuskFuture.failed(e);
        }
        return group.sync().thenApply(v -> {
            long total = 0;
            boolean anyCount = false;
            for (ResultCollector c : collectors) {
                long n = c.results.isEmpty() ? -1 : c.results.get(0).rowCount();
                if (n >= 0) {
                    total += n;
                    anyCount = true;
                }
            }
            rememberQuery(null);
            results.setMany(anyCount ? total : -1);
            return this;
        });
    }

    /**
     * Runs a statement and publishes its rows as the subscriber asks for them (psycopg 3's
     * {@code stream()}): each {@code request(n)} fetches at most {@code n} rows from the
     * server, so a result of any size streams in bounded memory; cancelling the subscription
     * stops the statement and leaves the connection usable. The statement runs when rows are
     * first requested; other commands on the connection wait until the stream ends. Signals
     * arrive on the connection's loop thread. The cursor's own results are not changed.
     *
     * <pre>{@code
     * cur.stream("SELECT * FROM big_table WHERE day = %s", day)
     *    .subscribe(new Flow.Subscriber<Row>() { ... request(500) at a time ... });
     * }</pre>
     *
     * @param sql    one statement
     * @param params one value per placeholder
     * @return a single-use publisher of the rows
     */
    public Flow.Publisher<R> stream(String sql, Object... params) {
        checkOpen();
        BoundQuery q = params.length == 0 ? BoundQuery.simple(sql) : BoundQuery.positional(sql, params, adapters());
        return new RowStream<>(connection, q, adapters(), rowFactory);
    }

    /**
     * {@link #stream(String, Object...)} with named parameters.
     *
     * @param sql    one statement
     * @param params values by name
     * @return a single-use publisher of the rows
     */
    public Flow.Publisher<R> stream(String sql, Map<String, ?> params) {
        checkOpen();
        return new RowStream<>(connection, BoundQuery.named(sql, params, adapters()), adapters(), rowFactory);
    }

    /**
     * The remaining rows of the current result as a publisher (psycopg's {@code async for
     * row in cursor}); they are already in memory, so delivery runs on the requesting thread.
     *
     * <pre>{@code
     * cur.execute("SELECT * FROM test").join();
     * cur.stream().subscribe(subscriber);
     * }</pre>
     *
     * @return a single-use publisher of the rows
     */
    public Flow.Publisher<R> stream() {
        checkOpen();
        return new IteratorPublisher<>(results.iterator());
    }

    /**
     * Calls a function with positional arguments ({@code SELECT * FROM name(...)}); the
     * function's result becomes the cursor's. The name is SQL, not a value: never pass
     * untrusted input.
     *
     * @param name   the function name, optionally schema-qualified
     * @param params the arguments
     * @return this cursor once the call completed
     */
    public CompletableFuture<AsyncCursor<R>> callProc(String name, Object... params) {
        return rendered(() -> BoundQuery.callSql(name, params.length), sql -> execute(sql, params));
    }

    // ---- results ---------------------------------------------------------------------------

    private <T> CompletableFuture<T> now(Supplier<T> read) {
        try {
            checkOpen();
            return TuskFuture.done(read.get());
        } catch (RuntimeException e) {
            return TuskFuture.failed(e);
        }
    }

    /**
     * The next row, or {@code null} when there are no more.
     *
     * @return the row, or a failure if the last statement returned no rows
     */
    public CompletableFuture<R> fetchOne() {
        return now(results::fetchOne);
    }

    /**
     * The next {@code size} rows, fewer at the end, empty when none remain.
     *
     * @param size how many rows at most
     * @return the rows
     */
    public CompletableFuture<List<R>> fetchMany(int size) {
        return now(() -> results.fetchMany(size));
    }

    /**
     * The next {@link #arraySize()} rows.
     *
     * @return the rows
     */
    public CompletableFuture<List<R>> fetchMany() {
        return fetchMany(arraySize());
    }

    /**
     * Every remaining row.
     *
     * @return the rows
     */
    public CompletableFuture<List<R>> fetchAll() {
        return now(results::fetchAll);
    }

    /**
     * Moves within the current result; out of range fails and keeps the position.
     *
     * @param value the offset
     * @param mode  relative or absolute
     */
    public void scroll(int value, ScrollMode mode) {
        checkOpen();
        results.scroll(value, mode);
    }

    /**
     * Moves to the next result of a multi-statement query.
     *
     * @return true if there was one
     */
    public boolean nextSet() {
        checkOpen();
        return results.nextSet();
    }

    /**
     * The statement timeout of this cursor; starts as the connection's default.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
        return statementTimeout();
    }

    /**
     * Sets the statement timeout: a statement running longer is cancelled on the server and
     * its future fails with {@link dev.tusk.errors.QueryTimeoutException}; the connection stays
     * usable.
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
    public AsyncConnection connection() {
        return connection;
    }
}
