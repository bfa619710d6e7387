package dev.tusk;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.net.AsyncSession;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.PgSession;
import dev.tusk.protocol.PipelineSync;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.protocol.TransactionState;
import dev.tusk.sql.Composable;
import dev.tusk.types.TypeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An asynchronous connection (psycopg's {@code AsyncConnection}, aiopg's {@code Connection}):
 * every operation returns a {@link CompletableFuture} at once and an event-loop thread does
 * the I/O. Any thread may issue commands; they run in issue order, and commands issued while
 * others are in flight are pipelined on the wire, each with its own {@code Sync}, so an error
 * in one never affects another.
 *
 * <pre>{@code
 * AsyncConnection.connect("dbname=test user=postgres")
 *     .thenCompose(conn -> conn.execute("SELECT * FROM test WHERE id = %s", 42)
 *         .thenCompose(AsyncCursor::fetchAll)
 *         .whenComplete((rows, err) -> conn.close()));
 * }</pre>
 *
 * Futures complete on the connection's loop thread: keep callbacks short and never block in
 * them ({@code join()} there fails fast with an {@link dev.tusk.errors.InterfaceException}).
 * Unless autocommit is on, the first statement opens a transaction that lasts until
 * {@link #commit()} or {@link #rollback()}.
 *
 * <p>Notifications of the channels it {@code LISTEN}s on are delivered as they arrive, also
 * while the connection is idle: to handlers ({@link #addNotifyHandler}) and to the subscribers
 * of {@link #notifies()}. For a listener that survives a lost connection, see {@link Listener}.
 */
public class AsyncConnection extends BaseConnection implements AutoCloseable {
    private final AsyncSession driver;
    private final AtomicInteger transactionDepth = new AtomicInteger();
    private final AtomicInteger savepointCounter = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final TuskFuture<Void> closeFuture = new TuskFuture<>();
    private final EventPublisher<Notify> notifies = new EventPublisher<>();
    private volatile boolean closed;
    // Loop thread only: whether the commands sent so far leave a transaction open.
    private boolean txOpen;
    private volatile AsyncCursorFactory cursorFactory;

    AsyncConnection(AsyncSession driver, ConnInfo info, SessionContext context, ConnectOptions options) {
        super(info, context, options);
        this.driver = driver;
        context.notifyHub().attach(notifies::offer);
        setCursorFactory(options.asyncCursorFactory());
        driver.closeFuture().whenComplete((v, e) -> {
            endNotifies();
            if (isBroken()) {
                reportIfBroken();
            } else {
                LifecycleLog.closed(this);
            }
            closeFuture.complete(null);
        });
    }

    /**
     * Connects with default options.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI; empty uses the environment
     * @return the connection, or a failure: {@link ProgrammingException} for a malformed
     *         conninfo, {@link OperationalException} when no server could be reached or the
     *         login failed
     */
    public static CompletableFuture<AsyncConnection> connect(String conninfo) {
        return connect(conninfo, ConnectOptions.defaults());
    }

    /**
     * Connects. Host names are resolved off the loop threads, sockets connect without
     * blocking, and the hosts of the conninfo are tried in order, each within
     * {@code connect_timeout}.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  connection options (the event loop group among them)
     * @return the connection, or a failure as for {@link #connect(String)}
     */
    public static CompletableFuture<AsyncConnection> connect(String conninfo, ConnectOptions options) {
        long started = System.nanoTime();
        TuskFuture<AsyncConnection> f = new TuskFuture<>();
        ConnInfo info;
        try {
            info = resolve(conninfo, options);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
            return f;
        }
        SessionContext context = new SessionContext();
        AsyncSession.connect(info, options.preparedMax(), options.prepareThreshold(), s -> s.setListener(context),
                options.eventLoopGroup()).whenComplete((s, e) -> {
                    if (e != null) {
                        LifecycleLog.connectFailed(info, unwrap(e));
                        f.completeExceptionally(unwrap(e));
                        return;
                    }
                    AsyncConnection conn = new AsyncConnection(s, info, context, options);
                    if (!options.enableHstore()) {
                        f.complete(LifecycleLog.connected(conn, s.peer(), started));
                        return;
                    }
                    TypeCatalog extensions = TypeCatalog.extensions(conn.serverVersion());
                    conn.runCatalog(extensions, () -> {
                        extensions.registerExtensions(conn.adapters());
                        return conn;
                    }).whenComplete((c, failure) -> {
                        if (failure != null) {
                            conn.close();
                            f.completeExceptionally(unwrap(failure));
                        } else {
                            f.complete(LifecycleLog.connected(c, s.peer(), started));
                        }
                    });
                });
        return f;
    }

    /**
     * What the catalog says about a type (psycopg 3's {@code TypeInfo.fetch}), for
     * registering it with {@link dev.tusk.types.Adapters} ({@code registerEnum},
     * {@code registerComposite}, {@code registerDomain}, ...). One query, issued in turn with
     * the other commands: it opens no transaction (it runs in the open one, if any).
     *
     * <pre>{@code
     * conn.typeInfo("card").thenAccept(card -> conn.adapters().registerComposite(card, Card.class));
     * }</pre>
     *
     * @param name the type's name as {@code 'name'::regtype} reads it: resolved on the search
     *             path unless schema-qualified, SQL spellings allowed ({@code integer})
     * @return the type's info, or {@code null} if there is no such type (as psycopg's
     *         {@code None}); a failure if the query fails
     */
    public CompletableFuture<TypeInfo> typeInfo(String name) {
        TypeCatalog catalog = TypeCatalog.fetch(name, serverVersion());
        return runCatalog(catalog, catalog::single);
    }

    /** Runs a catalog query outside the transaction logic; {@code result} reads its answer. */
    private <T> CompletableFuture<T> runCatalog(TypeCatalog catalog, Supplier<T> result) {
        // Tusk's own lookup, not a statement of the application: listeners and echo skip it.
        Op<T> op = new Op<>(() -> catalog.query, false, null, result);
        op.watched = false;
        return submit(op);
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    // ---- cursors and execution -------------------------------------------------------------

    /**
     * A new client-side cursor with tuple rows. No I/O.
     *
     * @return the cursor
     */
    public AsyncCursor<Row> cursor() {
        return cursor(RowFactories.tuple());
    }

    /**
     * A new client-side cursor whose rows the factory makes, of the class the connection's
     * {@link #cursorFactory()} makes. No I/O.
     *
     * @param rowFactory what rows become
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> AsyncCursor<R> cursor(RowFactory<R> rowFactory) {
        return cursor(cursorFactory, rowFactory);
    }

    /**
     * A new client-side cursor with tuple rows, of the class {@code factory} makes instead of
     * the connection's {@link #cursorFactory()}. No I/O.
     *
     * <pre>{@code
     * conn.cursor(TracedCursor::new).execute("SELECT 1");
     * }</pre>
     *
     * @param factory makes the cursor ({@link AsyncCursorFactory})
     * @return the cursor
     */
    public AsyncCursor<Row> cursor(AsyncCursorFactory factory) {
        return cursor(factory, RowFactories.tuple());
    }

    /**
     * A new client-side cursor of the class {@code factory} makes, whose rows
     * {@code rowFactory} makes. No I/O.
     *
     * @param factory    makes the cursor ({@link AsyncCursorFactory})
     * @param rowFactory what rows become
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> AsyncCursor<R> cursor(AsyncCursorFactory factory, RowFactory<R> rowFactory) {
        checkOpen();
        return Objects.requireNonNull(factory.create(this, rowFactory), "the cursor factory returned null");
    }

    /**
     * What makes this connection's client-side cursors:
     * {@link ConnectOptions.Builder#asyncCursorFactory}, else plain {@link AsyncCursor}s.
     *
     * @return the factory
     */
    public AsyncCursorFactory cursorFactory() {
        return cursorFactory;
    }

    /**
     * Sets what makes this connection's client-side cursors from now on ({@link #cursor()},
     * {@link #cursor(RowFactory)}, {@link #execute}, {@link AsyncPipeline#cursor()});
     * server-side cursors stay {@link AsyncServerCursor}s.
     *
     * @param factory the factory, or {@code null} for plain {@link AsyncCursor}s
     */
    public void setCursorFactory(AsyncCursorFactory factory) {
        this.cursorFactory = factory != null ? factory : AsyncCursor::new;
    }

    /**
     * A new server-side (named) cursor with tuple rows (psycopg's {@code conn.cursor(name)}).
     * No I/O: the cursor is declared on the server by {@link AsyncServerCursor#execute}.
     *
     * @param name the cursor's name on the server, any string (it is quoted as an identifier)
     * @return the cursor
     */
    public AsyncServerCursor<Row> cursor(String name) {
        return cursor(name, RowFactories.tuple());
    }

    /**
     * A new server-side (named) cursor whose rows the factory makes. No I/O.
     *
     * @param name       the cursor's name on the server, any string (it is quoted as an identifier)
     * @param rowFactory what rows become ({@link RowFactories})
     * @param <R>        the row type
     * @return the cursor
     * @throws IllegalArgumentException if the name is empty or holds a NUL character
     */
    public <R> AsyncServerCursor<R> cursor(String name, RowFactory<R> rowFactory) {
        checkOpen();
        return new AsyncServerCursor<>(this, name, rowFactory);
    }

    /**
     * Runs a query without parameters (several statements allowed, {@code %} not special;
     * see {@link AsyncCursor#execute(String)}) on a new cursor.
     *
     * @param sql one or more statements
     * @return the cursor once the query completed
     */
    public CompletableFuture<AsyncCursor<Row>> execute(String sql) {
        return onNewCursor(c -> c.execute(sql));
    }

    /**
     * Runs a statement with {@code %s} placeholders on a new cursor (psycopg 3's
     * {@code conn.execute}).
     *
     * @param sql    the query
     * @param params one value per placeholder
     * @return the cursor, positioned before the first row, once the statement completed
     */
    public CompletableFuture<AsyncCursor<Row>> execute(String sql, Object... params) {
        return onNewCursor(c -> c.execute(sql, params));
    }

    /**
     * Runs a statement with {@code %(name)s} placeholders on a new cursor.
     *
     * @param sql    the query
     * @param params values by name
     * @return the cursor once the statement completed
     */
    public CompletableFuture<AsyncCursor<Row>> execute(String sql, Map<String, ?> params) {
        return onNewCursor(c -> c.execute(sql, params));
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} and no parameters on a new cursor (see
     * {@link AsyncCursor#execute(Composable)}).
     *
     * @param query one or more statements
     * @return the cursor once the query completed
     */
    public CompletableFuture<AsyncCursor<Row>> execute(Composable query) {
        return onNewCursor(c -> c.execute(query));
    }

    /**
     * Runs a composed query with positional parameters on a new cursor (see
     * {@link AsyncCursor#execute(Composable, Object...)}).
     *
     * <pre>{@code
     * conn.execute(Sql.of("SELECT * FROM {} WHERE id = %s").format(Identifier.of("users")), 42)
     *     .thenCompose(AsyncCursor::fetchAll);
     * }</pre>
     *
     * @param query  the query, with {@link dev.tusk.sql.Placeholder}s
     * @param params one value per placeholder
     * @return the cursor, positioned before the first row, once the statement completed
     */
    public CompletableFuture<AsyncCursor<Row>> execute(Composable query, Object... params) {
        return onNewCursor(c -> c.execute(query, params));
    }

    /**
     * Runs a composed query with named parameters on a new cursor.
     *
     * @param query  the query, with named {@link dev.tusk.sql.Placeholder}s
     * @param params values by name
     * @return the cursor once the statement completed
     */
    public CompletableFuture<AsyncCursor<Row>> execute(Composable query, Map<String, ?> params) {
        return onNewCursor(c -> c.execute(query, params));
    }

    private CompletableFuture<AsyncCursor<Row>> onNewCursor(
            Function<AsyncCursor<Row>, CompletableFuture<AsyncCursor<Row>>> action) {
        try {
            return action.apply(cursor());
        } catch (RuntimeException e) {
            return TuskFuture.failed(e);
        }
    }

    /**
     * Starts an explicit pipeline: statements added to it go to the server together, under
     * one {@code Sync}, when it is synced. No I/O until then.
     *
     * @return the pipeline
     */
    public AsyncPipeline pipeline() {
        checkOpen();
        return new AsyncPipeline(this);
    }

    /**
     * Runs a command, opening a transaction first when one is due. The future completes with
     * {@code result} (computed on the loop thread) when the command succeeds, or with its
     * first error. Past {@code timeout} the statement is cancelled on the server and the
     * future fails with a {@link QueryTimeoutException}; cancelling the future cancels the
     * statement the same way. Either way the connection stays usable.
     */
    <T> CompletableFuture<T> run(Command command, Duration timeout, Supplier<T> result) {
        return submit(new Op<>(() -> command, true, timeout, result));
    }

    /**
     * Like {@link #run} for a command that needs the connection to itself until it completes
     * (a streamed statement: its open portal must not meet another command's Bind or Sync).
     * Commands issued meanwhile wait.
     */
    <T> CompletableFuture<T> runExclusive(Command command, Supplier<T> result) {
        Op<T> op = new Op<>(() -> command, true, null, result);
        op.exclusive = true;
        return submit(op);
    }

    /**
     * Sends pipelined statements and a {@code PipelineSync} together, so no other command can
     * land inside the group; completes with {@code result} when the group's Sync completes.
     * The connection's timeout bounds the whole group.
     */
    <T> CompletableFuture<T> runGroup(List<Command> statements, Supplier<T> result) {
        Op<T> op = new Op<>(PipelineSync::new, true, timeout(), result);
        op.leading = statements;
        return submit(op);
    }

    /** Runs {@code task} on the connection's loop thread and sends what it wrote. */
    void onLoop(Runnable task) {
        driver.runOnLoop(task);
    }

    /** Runs a control statement chosen on the loop thread; {@code null} means nothing to run. */
    private CompletableFuture<Void> control(Supplier<String> statement) {
        return runChosen(status -> {
            String sql = statement.get();
            return sql == null ? null : new SimpleQuery(sql, ResultHandler.DISCARD);
        }, null, () -> null);
    }

    /**
     * Runs a command that must not open a transaction (closing a server-side cursor), chosen
     * on the loop thread when its turn comes: {@code choose} gets the transaction status the
     * commands issued before it leave, and returns {@code null} for nothing to run. The status
     * is exact once those commands have completed; while some are in flight it is
     * {@code INTRANS} or {@code IDLE}, from what they opened or ended.
     *
     * <p>When {@code then} is given, the command has the connection to itself, and once it
     * succeeds {@code then} (on the loop thread) may return a second command, sent before
     * anything issued later: a decision taken on the first command's answer cannot be
     * overtaken ({@code CLOSE} after finding the cursor still open).
     */
    <T> CompletableFuture<T> runChosen(Function<TransactionStatus, Command> choose, Supplier<Command> then,
            Supplier<T> result) {
        Op<T> op = new Op<>(() -> choose.apply(pendingStatus()), false, null, result);
        op.followUp = then;
        op.exclusive = then != null;
        return submit(op);
    }

    /** Loop thread: the transaction status once the commands sent so far have completed, as far as known. */
    private TransactionStatus pendingStatus() {
        if (!inTransaction()) {
            return TransactionStatus.IDLE;
        }
        PgSession s = driver.session();
        return !s.isBusy() && s.transactionState() == TransactionState.IN_ERROR
                ? TransactionStatus.INERROR : TransactionStatus.INTRANS;
    }

    private <T> CompletableFuture<T> submit(Op<T> op) {
        if (closed) {
            return TuskFuture.failed(new OperationalException("the connection is closed"));
        }
        op.future.whenComplete((v, e) -> {
            if (op.future.isCancelled()) {
                op.cancelOnServer(driver);
            }
        });
        driver.submit(op);
        return op.future;
    }

    /** Loop thread: whether the commands sent so far leave a transaction open. */
    private boolean inTransaction() {
        PgSession s = driver.session();
        if (!s.isBusy()) {
            // Nothing in flight: the server's last word is exact (a COMMIT sent as SQL, say).
            txOpen = s.transactionState() != TransactionState.IDLE;
        }
        return txOpen;
    }

    private SimpleQuery beginIfDue() {
        if (autocommit() || inTransaction()) {
            return null;
        }
        SimpleQuery begin = new SimpleQuery(beginStatement(), ResultHandler.DISCARD);
        sendWatched(driver, begin);
        txOpen = true;
        return begin;
    }

    /**
     * Writes a command: the one way commands reach the session, so that the execution
     * listeners hear of every statement. Loop thread: no reply is read before this returns,
     * so the listeners hear of the end before whoever registers for it afterwards does.
     */
    private void sendWatched(AsyncSession s, Command c) {
        s.send(c);
        executionHooks().watch(c);
    }

    /** What makes an {@link Op}'s command, on the loop thread, in issue order. */
    private interface Plan {
        Command make();
    }

    /** One issued operation: planned and sent on the loop, completed when its command is. */
    private final class Op<T> implements AsyncSession.Submission {
        final TuskFuture<T> future = new TuskFuture<>();
        private final Plan plan;
        private final boolean transactional;
        private final Duration timeout;
        private final Supplier<T> result;
        volatile Command command;
        private final AtomicBoolean cancelSent = new AtomicBoolean();
        private volatile boolean timedOut;
        private Runnable stopTimer;
        private SimpleQuery begin;
        boolean exclusive;
        List<Command> leading = List.of();
        private RuntimeException groupError;
        /** Chooses a command to send once the first one succeeded; see {@link #runChosen}. */
        Supplier<Command> followUp;
        /** Whether the execution listeners hear of its command. */
        boolean watched = true;

        Op(Plan plan, boolean transactional, Duration timeout, Supplier<T> result) {
            this.plan = plan;
            this.transactional = transactional;
            this.timeout = timeout;
            this.result = result;
        }

        @Override
        public void submitTo(AsyncSession s) {
            if (future.isDone()) {
                return;   // cancelled before it was sent: nothing reaches the server
            }
            Command c = plan.make();
            if (c != null && transactional) {
                begin = beginIfDue();
            }
            if (c == null) {
                future.complete(result.get());
                return;
            }
            try {
                for (Command statement : leading) {
                    sendWatched(s, statement);
                }
            } catch (RuntimeException e) {
                // A value that cannot be encoded: the statements already written still need
                // their Sync, so that the group ends and the connection stays in step.
                groupError = e;
            }
            send(s, c);
        }

        private void send(AsyncSession s, Command c) {
            if (watched) {
                sendWatched(s, c);
            } else {
                s.send(c);
            }
            command = c;
            if (future.isCancelled()) {
                // Cancelled while being sent: the canceller may have found no command yet.
                cancelOnServer(s);
            }
            running.incrementAndGet();
            if (exclusive) {
                s.holdSubmissions();
            }
            if (timeout != null) {
                stopTimer = s.schedule(timeout, () -> {
                    if (!c.isDone()) {
                        timedOut = true;
                        s.cancel(c);
                    }
                });
            }
            c.onComplete(() -> completed(s, c));
        }

        /**
         * Asks the server to cancel the command, once: both the canceller's thread and the
         * loop (which may have been sending it at that moment) come here.
         */
        void cancelOnServer(AsyncSession s) {
            Command c = command;
            if (c != null && cancelSent.compareAndSet(false, true)) {
                s.cancel(c);
            }
        }

        private void completed(AsyncSession s, Command c) {
            running.decrementAndGet();
            if (exclusive) {
                s.releaseSubmissions();
            }
            if (stopTimer != null) {
                stopTimer.run();
            }
            PgException e = begin != null && begin.error() != null ? begin.error() : c.error();
            Command next = groupError == null && e == null && followUp != null ? followUp.get() : null;
            followUp = null;
            if (groupError != null) {
                future.completeExceptionally(groupError);
            } else if (next != null) {
                // Still on the loop, and later submissions still wait for the drain that the
                // release above scheduled: nothing can come between the two commands.
                exclusive = false;
                send(s, next);
            } else if (e == null) {
                try {
                    future.complete(result.get());
                } catch (RuntimeException failure) {
                    future.completeExceptionally(failure);
                }
            } else if (c instanceof ExtendedQuery q && q.failedOnStaleStatement() && !timedOut
                    && s.session().transactionState() == TransactionState.IDLE) {
                // Outside a transaction nothing was lost: run it once more, prepared afresh.
                send(s, q.retry());
            } else if (timedOut && e instanceof QueryCanceled qc && qc.diagnostic() != null) {
                future.completeExceptionally(new QueryTimeoutException(qc.diagnostic(), timeout));
            } else {
                future.completeExceptionally(e);
            }
        }

        @Override
        public void abort(RuntimeException cause) {
            future.completeExceptionally(cause);
        }
    }

    // ---- transactions ----------------------------------------------------------------------

    /**
     * Commits the current transaction; does nothing when none is open.
     *
     * @return completes once committed; fails with {@link ProgrammingException} inside a
     *         {@link #transaction} block, which owns its end
     */
    public CompletableFuture<Void> commit() {
        return endTransaction("COMMIT", "commit");
    }

    /**
     * Rolls back the current transaction; does nothing when none is open. This is how a
     * connection in {@link TransactionStatus#INERROR} becomes usable again.
     *
     * @return completes once rolled back
     */
    public CompletableFuture<Void> rollback() {
        return endTransaction("ROLLBACK", "rollback");
    }

    private CompletableFuture<Void> endTransaction(String sql, String verb) {
        if (transactionDepth.get() > 0) {
            return TuskFuture.failed(new ProgrammingException(
                    "explicit " + verb + "() forbidden within a transaction() block"));
        }
        return control(() -> {
            if (!inTransaction()) {
                return null;
            }
            txOpen = false;
            return sql;
        });
    }

    /**
     * Runs {@code body} in a transaction block: {@code BEGIN} (or a {@code SAVEPOINT} when a
     * transaction is already open, so blocks nest), then a commit when the body's future
     * completes normally, or a rollback when it fails (the failure is passed on).
     *
     * <pre>{@code
     * conn.transaction(tx -> conn.execute("INSERT INTO accounts VALUES (%s) RETURNING id", 1)
     *         .thenCompose(cur -> cur.fetchOne()))
     *     .thenAccept(row -> System.out.println("inserted " + row.get(0)));
     * }</pre>
     *
     * Blocks on one connection are meant to be issued by one logical task: a block opened by
     * another task meanwhile would nest in it. Use one connection per task (a pool) otherwise.
     *
     * @param body the work; its future decides commit or rollback
     * @param <T>  the body's result
     * @return the body's result after the commit, or its failure after the rollback
     */
    public <T> CompletableFuture<T> transaction(Function<AsyncTransaction, ? extends CompletionStage<T>> body) {
        AsyncTransaction tx = new AsyncTransaction(this);
        transactionDepth.incrementAndGet();
        CompletableFuture<Void> begun = control(() -> {
            if (inTransaction()) {
                tx.savepoint = "tusk_savepoint_" + savepointCounter.incrementAndGet();
                return "SAVEPOINT " + tx.savepoint;
            }
            txOpen = true;
            return beginStatement();
        });
        TuskFuture<T> outcome = new TuskFuture<>();
        begun.thenCompose(v -> body.apply(tx)).whenComplete((value, error) -> {
            if (begun.isCompletedExceptionally()) {
                transactionDepth.decrementAndGet();
                outcome.completeExceptionally(unwrap(error));
                return;
            }
            control(() -> tx.endStatement(error == null, this)).whenComplete((v, endError) -> {
                transactionDepth.decrementAndGet();
                if (error != null) {
                    Throwable cause = unwrap(error);
                    if (endError != null && endError != cause) {
                        cause.addSuppressed(unwrap(endError));
                    }
                    outcome.completeExceptionally(cause);
                } else if (endError != null) {
                    outcome.completeExceptionally(unwrap(endError));
                } else {
                    outcome.complete(value);
                }
            });
        });
        return outcome;
    }

    /** Loop thread: the outermost block ended, no transaction is left open. */
    void transactionEnded() {
        txOpen = false;
    }

    // ---- notifications ---------------------------------------------------------------------

    /**
     * The notifications of the channels this connection {@code LISTEN}s on, published as they
     * arrive, also while the connection is idle: no query is needed to receive them (aiopg's
     * {@code conn.notifies} queue). Each subscriber gets every notification received after it
     * subscribed, as its demand allows; until it requests more they wait in a queue of its
     * own, without bound. {@code cancel()} unsubscribes. The subscription completes when the
     * application closes the connection, and fails with an {@link OperationalException} when
     * the connection is lost (after the notifications received before). Signals run on the
     * connection's loop thread (or the requesting thread): keep them short, never block there.
     *
     * <pre>{@code
     * conn.execute("LISTEN jobs").join();
     * conn.notifies().subscribe(new Flow.Subscriber<Notify>() {
     *     public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
     *     public void onNext(Notify n) { queue.add(n); }
     *     public void onError(Throwable t) { log.warn("listener lost", t); }
     *     public void onComplete() { }
     * });
     * }</pre>
     *
     * @return the publisher, shared by all subscribers
     */
    public Flow.Publisher<Notify> notifies() {
        return notifies;
    }

    /**
     * Calls {@code handler} with every notification as it arrives, also while the connection
     * is idle, on the connection's loop thread (psycopg 3's {@code add_notify_handler}, which
     * only runs during queries). Keep it short and never block in it; it may issue commands.
     * An exception it throws is logged ({@code System.Logger} "dev.tusk") and ignored.
     *
     * <pre>{@code
     * conn.addNotifyHandler(n -> System.out.println("got this: " + n));
     * conn.execute("LISTEN mychan");
     * }</pre>
     *
     * @param handler the handler
     */
    public void addNotifyHandler(Consumer<Notify> handler) {
        context().notifyHub().addHandler(handler);
    }

    /**
     * Stops calling a handler added with {@link #addNotifyHandler} (the same object).
     *
     * @param handler the handler
     * @return whether it was registered
     */
    public boolean removeNotifyHandler(Consumer<Notify> handler) {
        return context().notifyHub().removeHandler(handler);
    }

    /**
     * Sends a notification with {@code SELECT pg_notify(channel, payload)}, both bound as
     * parameters, so any channel name and payload is safe. Outside autocommit it is delivered
     * when the transaction commits.
     *
     * <pre>{@code
     * conn.notify("jobs", "{\"id\": 42}").join();
     * }</pre>
     *
     * @param channel the channel, as written (no identifier folding: {@code "Jobs"} is not {@code jobs})
     * @param payload the payload (under 8000 bytes by default), or {@code null} for none
     * @return completes once the statement ran
     */
    public CompletableFuture<Void> notify(String channel, String payload) {
        return execute(Connection.NOTIFY_SQL, channel, payload).thenApply(cur -> null);
    }

    /** Ends the subscriptions once the connection is closed: normally when the application closed it. */
    private void endNotifies() {
        PgException failure = session().failure();
        if (closed || failure == null) {
            notifies.complete();
        } else {
            notifies.fail(broken(failure));
        }
    }

    // ---- cancellation and lifecycle --------------------------------------------------------

    /**
     * Asks the server to cancel what this connection is running, over a separate connection
     * (psycopg's {@code cancel()}); callable from any thread. The running statement's future
     * then fails with {@link QueryCanceled}; the connection stays usable. Commands issued
     * after this call wait until the request was delivered, so it cannot cancel them.
     *
     * <pre>{@code
     * Runtime.getRuntime().addShutdownHook(new Thread(() -> conn.cancel().join()));   // Ctrl-C
     * }</pre>
     *
     * @return completes once the server took the request
     */
    public CompletableFuture<Void> cancel() {
        TuskFuture<Void> f = new TuskFuture<>();
        if (isClosed()) {
            f.complete(null);
            return f;
        }
        LifecycleLog.cancelRequested(this);
        driver.cancelRunning().whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(unwrap(e));
            } else {
                f.complete(null);
            }
        });
        return f;
    }

    /**
     * Closes now: commands in flight fail with an {@link OperationalException}, an open
     * transaction is discarded. Never blocks; safe on any thread.
     */
    @Override
    public void close() {
        closed = true;
        driver.closeNow();
    }

    /**
     * Closes once the commands issued so far have completed; commands issued afterwards are
     * refused.
     *
     * @return completes when the connection is closed
     */
    public CompletableFuture<Void> closeAsync() {
        closed = true;
        driver.closeGracefully();
        return closeFuture;
    }

    /**
     * Completes when the connection closes for any reason: {@link #close()}, the server going
     * away (shutdown, terminated backend, reset socket) or a protocol failure. An idle
     * connection notices a lost server at once; no query is needed. Never fails.
     *
     * <pre>{@code
     * conn.closeFuture().thenRun(() -> log.warn("lost connection, broken=" + conn.isBroken()));
     * }</pre>
     *
     * @return the future
     */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    PgSession session() {
        return driver.session();
    }

    @Override
    boolean isClosedByUser() {
        return closed;
    }

    @Override
    boolean isExecuting() {
        return running.get() > 0;
    }

    @Override
    void changeSetting(String what, Runnable change) {
        checkIdle(what);
        change.run();
    }
}
