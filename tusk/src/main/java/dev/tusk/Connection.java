package dev.tusk;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.net.BlockingSession;
import dev.tusk.net.SocketIo;
import dev.tusk.net.Waiter;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.PgSession;
import dev.tusk.protocol.PipelineSync;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.protocol.TransactionState;
import dev.tusk.sql.Composable;
import dev.tusk.types.Dumper;
import dev.tusk.types.TypeInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.Objects;

/**
 * A blocking connection to PostgreSQL (psycopg's {@code Connection}). The calling thread
 * does the I/O; on virtual threads that costs no platform thread. Thread-safe: commands from
 * several threads run one at a time, in order. Cursors are not thread-safe. With a wait
 * callback ({@link ConnectOptions.Builder#waiter}, {@link dev.tusk.net.Waiter#setGlobal}) every
 * wait for the server goes to the callback instead, as with psycopg2's green support.
 *
 * <pre>{@code
 * try (Connection conn = Connection.connect("host=localhost dbname=test user=postgres")) {
 *     try (Cursor<Row> cur = conn.cursor()) {
 *         cur.execute("INSERT INTO test (num, data) VALUES (%s, %s)", 100, "abc'def");
 *         cur.execute("SELECT * FROM test WHERE num = %(n)s", Map.of("n", 100));
 *         Row row = cur.fetchOne();
 *     }
 *     conn.commit();
 * }
 * }</pre>
 *
 * Unless autocommit is on, the first statement opens a transaction that lasts until
 * {@link #commit()} or {@link #rollback()}; {@link #close()} discards it.
 *
 * <p>Notifications of the channels it {@code LISTEN}s on are buffered whenever the connection
 * reads; {@link #notifies()} iterates them, waiting for more, and handlers
 * ({@link #addNotifyHandler}) see them as they are read.
 */
public class Connection extends BaseConnection implements AutoCloseable {
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);
    @SuppressWarnings("unchecked")
    private static final Dumper<Object>[] NO_DUMPERS = new Dumper[0];
    static final String NOTIFY_SQL = "SELECT pg_notify(%s, %s)";
    private final ConnectionLock lock = new ConnectionLock(this::wakeNotifyWait);
    private final BlockingSession driver;
    // Filled by whichever thread reads the socket (it holds the lock), taken by Notifies.
    private final ConcurrentLinkedQueue<Notify> notifyBuffer = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Transaction> transactions = new ArrayDeque<>();
    private final PipelineGroup group = new PipelineGroup();
    private volatile int pipelineDepth;
    private volatile boolean closed;
    private volatile boolean executing;
    private int savepointCounter;
    private volatile CursorFactory cursorFactory;

    /** Wraps a connected session; see {@link #connect}. */
    Connection(BlockingSession driver, ConnInfo info, SessionContext context, ConnectOptions options) {
        super(info, context, options);
        this.driver = driver;
        context.notifyHub().attach(notifyBuffer::add);
        setCursorFactory(options.cursorFactory());
    }

    /**
     * Connects with default options.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI; empty uses the environment
     * @return the open connection
     * @throws ProgrammingException  if the conninfo is malformed
     * @throws OperationalException if no server could be reached or the login failed
     */
    public static Connection connect(String conninfo) {
        return connect(conninfo, ConnectOptions.defaults());
    }

    /**
     * Connects.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  connection options
     * @return the open connection
     * @throws ProgrammingException  if the conninfo is malformed
     * @throws OperationalException if no server could be reached or the login failed
     */
    public static Connection connect(String conninfo, ConnectOptions options) {
        LoopGuard.refuseBlocking("connecting a blocking Connection");
        long started = System.nanoTime();
        ConnInfo info = resolve(conninfo, options);
        SessionContext context = new SessionContext();
        Waiter waiter = options.waiter() != null ? options.waiter() : Waiter.global();
        BlockingSession driver;
        try {
            driver = BlockingSession.connect(info, options.preparedMax(), options.prepareThreshold(),
                    s -> s.setListener(context), waiter);
        } catch (RuntimeException e) {
            LifecycleLog.connectFailed(info, e);
            throw e;
        }
        Connection conn = new Connection(driver, info, context, options);
        if (options.enableHstore()) {
            try {
                TypeCatalog extensions = TypeCatalog.extensions(conn.serverVersion());
                conn.runCatalog(extensions);
                extensions.registerExtensions(conn.adapters());
            } catch (RuntimeException e) {
                conn.close();
                throw e;
            }
        }
        return LifecycleLog.connected(conn, driver.peer(), started);
    }

    /**
     * What the catalog says about a type (psycopg 3's {@code TypeInfo.fetch}), for
     * registering it with {@link dev.tusk.types.Adapters} ({@code registerEnum},
     * {@code registerComposite}, {@code registerDomain}, ...). One query, sent on its own: it
     * opens no transaction (it runs in the open one, if any).
     *
     * <pre>{@code
     * TypeInfo card = conn.typeInfo("card");          // CREATE TYPE card AS (value int, suit text)
     * conn.adapters().registerComposite(card, Card.class);
     * }</pre>
     *
     * @param name the type's name as {@code 'name'::regtype} reads it: resolved on the search
     *             path unless schema-qualified ({@code shop.card}), SQL spellings allowed
     *             ({@code integer}, {@code "Mixed Case"})
     * @return the type's info, or {@code null} if there is no such type (as psycopg's
     *         {@code None})
     * @throws dev.tusk.errors.PgException if the query fails (e.g. in a failed transaction)
     */
    public TypeInfo typeInfo(String name) {
        TypeCatalog catalog = TypeCatalog.fetch(name, serverVersion());
        runCatalog(catalog);
        return catalog.single();
    }

    /** Runs a catalog query outside the transaction logic, after syncing an open pipeline. */
    private void runCatalog(TypeCatalog catalog) {
        lock.lock();
        try {
            syncPipeline();
            runSimple(catalog.query, false);
        } finally {
            lock.unlock();
        }
    }

    // ---- cursors and execution -------------------------------------------------------------

    /**
     * A new client-side cursor with tuple rows. No I/O.
     *
     * @return the cursor
     */
    public Cursor<Row> cursor() {
        return cursor(RowFactories.tuple());
    }

    /**
     * A new client-side cursor whose rows the factory makes, of the class the connection's
     * {@link #cursorFactory()} makes. No I/O.
     *
     * @param rowFactory what rows become ({@link RowFactories})
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> Cursor<R> cursor(RowFactory<R> rowFactory) {
        return cursor(cursorFactory, rowFactory);
    }

    /**
     * A new client-side cursor with tuple rows, of the class {@code factory} makes instead of
     * the connection's {@link #cursorFactory()} (psycopg's {@code cursor(cursor_factory=...)}).
     * No I/O.
     *
     * <pre>{@code
     * Cursor<Row> cur = conn.cursor(LoggingCursor::new);
     * cur.execute("INSERT INTO mytable VALUES (%s, %s, %s)", 10, 20, 30);
     * }</pre>
     *
     * @param factory makes the cursor ({@link CursorFactory})
     * @return the cursor
     */
    public Cursor<Row> cursor(CursorFactory factory) {
        return cursor(factory, RowFactories.tuple());
    }

    /**
     * A new client-side cursor of the class {@code factory} makes, whose rows
     * {@code rowFactory} makes. No I/O.
     *
     * @param factory    makes the cursor ({@link CursorFactory})
     * @param rowFactory what rows become ({@link RowFactories})
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> Cursor<R> cursor(CursorFactory factory, RowFactory<R> rowFactory) {
        checkOpen();
        return Objects.requireNonNull(factory.create(this, rowFactory), "the cursor factory returned null");
    }

    /**
     * What makes this connection's client-side cursors: {@link ConnectOptions.Builder#cursorFactory},
     * else plain {@link Cursor}s.
     *
     * @return the factory
     */
    public CursorFactory cursorFactory() {
        return cursorFactory;
    }

    /**
     * Sets what makes this connection's client-side cursors from now on
     * ({@link #cursor()}, {@link #cursor(RowFactory)}, {@link #execute}); server-side cursors
     * stay {@link ServerCursor}s.
     *
     * @param factory the factory, or {@code null} for plain {@link Cursor}s
     */
    public void setCursorFactory(CursorFactory factory) {
        this.cursorFactory = factory != null ? factory : Cursor::new;
    }

    /**
     * A new server-side (named) cursor with tuple rows (psycopg's {@code conn.cursor(name)}).
     * No I/O: the cursor is declared on the server by {@link ServerCursor#execute}.
     *
     * @param name the cursor's name on the server, any string (it is quoted as an identifier)
     * @return the cursor
     */
    public ServerCursor<Row> cursor(String name) {
        return cursor(name, RowFactories.tuple());
    }

    /**
     * A new server-side (named) cursor whose rows the factory makes. No I/O.
     *
     * @param name       the cursor's name on the server, any string (it is quoted as an identifier)
     * @param rowFactory what rows become ({@link RowFactories})
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> ServerCursor<R> cursor(String name, RowFactory<R> rowFactory) {
        checkOpen();
        return new ServerCursor<>(this, name, rowFactory);
    }

    /**
     * Runs a query without parameters on a new cursor and returns it: the string may hold
     * several statements and {@code %} is not special (see {@link Cursor#execute(String)}).
     *
     * @param sql one or more statements
     * @return the cursor
     */
    public Cursor<Row> execute(String sql) {
        return cursor().execute(sql);
    }

    /**
     * Runs a statement on a new cursor and returns it (psycopg 3's {@code conn.execute}).
     *
     * @param sql    the query, with {@code %s} placeholders
     * @param params one value per placeholder
     * @return the cursor, positioned before the first row
     */
    public Cursor<Row> execute(String sql, Object... params) {
        return cursor().execute(sql, params);
    }

    /**
     * Runs a statement with named parameters on a new cursor and returns it.
     *
     * @param sql    the query, with {@code %(name)s} placeholders
     * @param params values by name
     * @return the cursor
     */
    public Cursor<Row> execute(String sql, Map<String, ?> params) {
        return cursor().execute(sql, params);
    }

    /**
     * Runs a query composed with {@link dev.tusk.sql} and no parameters on a new cursor (see
     * {@link Cursor#execute(Composable)}).
     *
     * <pre>{@code
     * conn.execute(Sql.of("TRUNCATE {}").format(Identifier.of("my_schema", "events")));
     * }</pre>
     *
     * @param query one or more statements
     * @return the cursor
     */
    public Cursor<Row> execute(Composable query) {
        return cursor().execute(query);
    }

    /**
     * Runs a composed query with positional parameters on a new cursor and returns it (see
     * {@link Cursor#execute(Composable, Object...)}).
     *
     * <pre>{@code
     * conn.execute(Sql.of("SELECT * FROM {} WHERE id = %s").format(Identifier.of("users")), 42);
     * }</pre>
     *
     * @param query  the query, with {@link dev.tusk.sql.Placeholder}s
     * @param params one value per placeholder
     * @return the cursor, positioned before the first row
     */
    public Cursor<Row> execute(Composable query, Object... params) {
        return cursor().execute(query, params);
    }

    /**
     * Runs a composed query with named parameters on a new cursor and returns it.
     *
     * @param query  the query, with named {@link dev.tusk.sql.Placeholder}s
     * @param params values by name
     * @return the cursor
     */
    public Cursor<Row> execute(Composable query, Map<String, ?> params) {
        return cursor().execute(query, params);
    }

    /**
     * Runs a command, opening a transaction first when one is due, and throws the first
     * error. Past {@code timeout} the statement is cancelled on the server and a
     * {@link QueryTimeoutException} is thrown; the connection stays usable. Used by cursors.
     */
    void run(Command command, Duration timeout) {
        LoopGuard.refuseBlocking("a blocking Connection call");
        lock.lock();
        try {
            checkOpen();
            // A statement with a Sync of its own cannot join a pipeline group (the server would
            // skip it after an error in the group): the group ends first.
            syncPipeline();
            executing = true;
            SimpleQuery begin = null;
            boolean cancelled;
            if (!autocommit() && session().transactionState() == TransactionState.IDLE) {
                begin = new SimpleQuery(beginStatement(), ResultHandler.DISCARD);
                cancelled = drive(timeout, begin, command);
            } else {
                cancelled = drive(timeout, command);
            }
            throwIfFailed(begin);
            if (!cancelled && command instanceof ExtendedQuery q && q.failedOnStaleStatement() && begin == null
                    && session().transactionState() == TransactionState.IDLE) {
                // Outside a transaction nothing was lost: run it once more, prepared afresh.
                command = q.retry();
                cancelled = drive(timeout, command);
            }
            if (cancelled && command.error() instanceof QueryCanceled qc && qc.diagnostic() != null) {
                throw new QueryTimeoutException(qc.diagnostic(), timeout);
            }
            throwIfFailed(command);
        } finally {
            executing = false;
            lock.unlock();
        }
    }

    /**
     * Hands commands to the driver and drives them to their end: the one way commands reach
     * it, so that the execution listeners hear of every statement and a connection that broke
     * meanwhile is logged.
     */
    private boolean drive(Duration timeout, Command... commands) {
        ExecutionHooks.Watch[] watches = executionHooks().watchAll(commands);
        try {
            return driver.run(timeout, commands);
        } catch (RuntimeException e) {
            ExecutionHooks.abandon(watches, e);
            throw e;
        } finally {
            reportIfBroken();
        }
    }

    /** Hands a pipelined statement to the driver without waiting; see {@link #drive}. */
    private void enqueue(Command statement) {
        ExecutionHooks.Watch watch = executionHooks().watch(statement);
        try {
            driver.queue(statement);
        } catch (RuntimeException e) {
            ExecutionHooks.abandon(watch, e);
            throw e;
        } finally {
            reportIfBroken();
        }
    }

    private static void throwIfFailed(Command c) {
        if (c != null && c.error() != null) {
            throw rethrown(c.error());
        }
    }

    /** An error recorded earlier, with the stack trace of the call that reports it. */
    private static PgException rethrown(PgException e) {
        e.fillInStackTrace();
        return e;
    }

    // ---- pipeline mode ---------------------------------------------------------------------

    /**
     * Enters pipeline mode (psycopg 3's {@code with conn.pipeline():}): until the block is
     * closed, statements executed on this connection are sent without waiting for their
     * results, which their cursors receive at the next sync. See {@link Pipeline}.
     *
     * <pre>{@code
     * try (Pipeline p = conn.pipeline()) {
     *     for (String name : names) {
     *         conn.execute("INSERT INTO users (name) VALUES (%s)", name);
     *     }
     * }   // one round trip; the first error, if any, is thrown here
     * }</pre>
     *
     * Blocks nest: an inner block syncs when it closes, and pipeline mode ends with the
     * outermost one.
     *
     * @return the open block
     * @throws OperationalException if the connection is closed or broken
     */
    public Pipeline pipeline() {
        lock.lock();
        try {
            checkOpen();
            pipelineDepth++;
            return new Pipeline(this);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a pipeline block is open, so that cursors queue their statements. */
    boolean inPipeline() {
        return pipelineDepth > 0;
    }

    /**
     * Sends a cursor's statement into the open pipeline, preceded by a {@code BEGIN} when a
     * transaction is due (pipelined as well: a simple query would end the group). It
     * completes at the group's sync; if the last block closed meanwhile, it is synced at once.
     */
    void queue(ExtendedQuery statement, Duration timeout) {
        lock.lock();
        try {
            checkOpen();
            if (!autocommit() && !group.hasBegin() && session().transactionState() == TransactionState.IDLE) {
                ExtendedQuery begin = ExtendedQuery.pipelined(beginStatement(), new Object[0], NO_DUMPERS,
                        oid -> false, ResultHandler.DISCARD);
                enqueue(begin);
                group.add(begin, timeout);
                group.beginSent();
            }
            enqueue(statement);
            group.add(statement, timeout);
            if (pipelineDepth == 0) {
                syncPipeline();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the pipeline's current group with a Sync, drives it to completion and throws its
     * first error (the first statement's in group order, else the sync's own, e.g. a failed
     * commit of the implicit transaction). Nothing to do when no statement is in flight, so
     * an error is thrown once, by the sync that met it.
     */
    void syncPipeline() {
        lock.lock();
        try {
            if (group.isEmpty()) {
                return;
            }
            Duration bound = group.timeout();
            List<Command> statements = group.take();
            checkOpen();
            PipelineSync sync = new PipelineSync();
            boolean cancelled;
            executing = true;
            try {
                cancelled = drive(bound, sync);
            } finally {
                executing = false;
            }
            PgException first = sync.error();
            for (Command c : statements) {
                if (c.error() != null) {
                    first = c.error();
                    break;
                }
            }
            if (first == null) {
                return;
            }
            if (cancelled && first instanceof QueryCanceled qc && qc.diagnostic() != null) {
                throw new QueryTimeoutException(qc.diagnostic(), bound);
            }
            throw rethrown(first);
        } finally {
            lock.unlock();
        }
    }

    /** Closes a pipeline block: syncs, and leaves pipeline mode with the outermost block. */
    void closePipeline() {
        lock.lock();
        try {
            pipelineDepth--;
            syncPipeline();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Syncs the pipeline before a transaction control statement and returns the group's
     * error instead of throwing it: a failed group must not stop a rollback.
     */
    private PgException syncReturningError() {
        try {
            syncPipeline();
            return null;
        } catch (PgException e) {
            return e;
        }
    }

    /**
     * Runs a statement that must not open a transaction (transaction control, closing a
     * cursor); callers sync an open pipeline first.
     */
    void runControl(String sql) {
        runSimple(new SimpleQuery(sql, ResultHandler.DISCARD), true);
    }

    /**
     * Runs a simple query that must not open a transaction; callers sync an open pipeline
     * first. Unwatched queries (Tusk's own catalog lookups) are not statements of the
     * application: execution listeners and echo do not hear them.
     */
    private void runSimple(SimpleQuery q, boolean watched) {
        LoopGuard.refuseBlocking("a blocking Connection call");
        lock.lock();
        try {
            checkOpen();
            executing = true;
            if (watched) {
                drive(null, q);
            } else {
                driver.run(null, q);
            }
            throwIfFailed(q);
        } finally {
            executing = false;
            lock.unlock();
        }
    }


    // ---- notifications ---------------------------------------------------------------------

    /**
     * The notifications of the channels this connection {@code LISTEN}s on, waiting for each
     * as long as it takes (psycopg 3's {@code conn.notifies()}). No I/O until the first
     * {@link Notifies#hasNext()}; see {@link Notifies} for how it waits, wakes and ends.
     *
     * <pre>{@code
     * conn.execute("LISTEN jobs");      // autocommit, or commit(): LISTEN takes effect at commit
     * for (Notify n : conn.notifies()) {
     *     handle(n.payload());
     * }
     * }</pre>
     *
     * @return the iteration, to be closed (by any thread) to end it
     */
    public Notifies notifies() {
        return new Notifies(this, SocketIo.NO_DEADLINE, 0);
    }

    /**
     * The notifications that arrive within {@code timeout} from now.
     *
     * <pre>{@code
     * for (Notify n : conn.notifies(Duration.ofSeconds(5))) {   // ends 5 s from now at the latest
     *     seen.add(n);
     * }
     * }</pre>
     *
     * @param timeout how long the whole iteration may last, {@code null} for no bound
     * @return the iteration
     */
    public Notifies notifies(Duration timeout) {
        return new Notifies(this, deadline(timeout), 0);
    }

    /**
     * At most {@code stopAfter} notifications, arriving within {@code timeout} from now.
     *
     * <pre>{@code
     * try (Notifies gen = conn.notifies(Duration.ofSeconds(5), 1)) {
     *     Notify first = gen.hasNext() ? gen.next() : null;    // null after 5 s of silence
     * }
     * }</pre>
     *
     * @param timeout   how long the whole iteration may last, {@code null} for no bound
     * @param stopAfter how many notifications end it, at least 1
     * @return the iteration
     * @throws IllegalArgumentException if {@code stopAfter} is not positive
     */
    public Notifies notifies(Duration timeout, int stopAfter) {
        if (stopAfter < 1) {
            throw new IllegalArgumentException("stopAfter must be at least 1, got " + stopAfter);
        }
        return new Notifies(this, deadline(timeout), stopAfter);
    }

    private static long deadline(Duration timeout) {
        return timeout == null ? SocketIo.NO_DEADLINE : System.nanoTime() + timeout.toNanos();
    }

    /**
     * The next notification for {@code it}: a buffered one, else the next one read from the
     * socket; {@code null} once {@code it} is closed, the deadline passed or the thread was
     * interrupted. While waiting it gives the connection to any thread that asks for it.
     */
    Notify nextNotify(Notifies it, long deadline) {
        LoopGuard.refuseBlocking("waiting for notifications on a blocking Connection");
        Notify n = notifyBuffer.poll();
        if (n != null) {
            return n;
        }
        if (!lock.lockUnless(it::isClosed)) {
            return notifyBuffer.poll();
        }
        boolean held = true;
        try {
            while (true) {
                n = notifyBuffer.poll();
                if (n != null || it.isClosed() || Thread.currentThread().isInterrupted()) {
                    return n;
                }
                checkOpen();
                if (inPipeline() || !group.isEmpty()) {
                    throw new ProgrammingException("can't wait for notifications in pipeline mode: close the "
                            + "pipeline block first");
                }
                if (deadline != SocketIo.NO_DEADLINE && deadline - System.nanoTime() <= 0) {
                    return null;
                }
                if (lock.wanted() && lock.getHoldCount() == 1) {
                    // A command is waiting: it runs first (its reads buffer what arrives).
                    lock.unlock();
                    held = false;
                    Thread.yield();
                    held = lock.lockUnless(it::isClosed);
                    if (!held) {
                        return notifyBuffer.poll();
                    }
                    continue;
                }
                lock.notifyWaiting(true);
                try {
                    if (!lock.wanted()) {
                        driver.awaitUnsolicited(deadline);
                    }
                } finally {
                    lock.notifyWaiting(false);
                }
            }
        } finally {
            if (held) {
                lock.unlock();
            }
        }
    }

    /** Ends a wait for notifications in progress, so that it looks at its iterator and the lock again. */
    void wakeNotifyWait() {
        driver.wakeup();
    }

    /**
     * Calls {@code handler} with every notification this connection receives, on the thread
     * that reads it: during any query, fetch or {@link #notifies()} wait of the connection
     * (psycopg 3's {@code add_notify_handler}). The notification is buffered for
     * {@link #notifies()} as well. The handler must be quick and must not use this
     * connection, which is in the middle of reading; an exception it throws is logged
     * ({@code System.Logger} "dev.tusk") and ignored.
     *
     * <pre>{@code
     * conn.addNotifyHandler(n -> System.out.println("got this: " + n));
     * conn.execute("SELECT 1");     // prints what arrived since the last read
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
     * conn.notify("jobs", "{\"id\": 42}");
     * }</pre>
     *
     * @param channel the channel, as written (no identifier folding: {@code "Jobs"} is not {@code jobs})
     * @param payload the payload (under 8000 bytes by default), or {@code null} for none
     */
    public void notify(String channel, String payload) {
        execute(NOTIFY_SQL, channel, payload).close();
    }

    // ---- transactions ----------------------------------------------------------------------

    /**
     * Commits the current transaction; does nothing when none is open. In pipeline mode it
     * syncs first: if a statement of the group failed, its error is thrown and nothing is
     * committed (the transaction is failed; roll it back).
     *
     * @throws ProgrammingException inside a {@link #transaction()} block, which owns its end
     */
    public void commit() {
        endTransaction("COMMIT", "commit");
    }

    /**
     * Rolls back the current transaction; does nothing when none is open. This is how a
     * connection in {@link TransactionStatus#INERROR} becomes usable again. In pipeline mode it
     * syncs first and rolls back even if a statement of the group failed; that error is
     * thrown after.
     *
     * @throws ProgrammingException inside a {@link #transaction()} block, which owns its end
     */
    public void rollback() {
        endTransaction("ROLLBACK", "rollback");
    }

    private void endTransaction(String sql, String verb) {
        lock.lock();
        try {
            checkOpen();
            if (!transactions.isEmpty()) {
                throw new ProgrammingException("explicit " + verb + "() forbidden within a transaction() block");
            }
            // A failed group is thrown before a commit, which it prevents, and after a
            // rollback, which it needs.
            PgException groupError = syncReturningError();
            if (groupError != null && sql.equals("COMMIT")) {
                throw rethrown(groupError);
            }
            if (!isBroken() && session().transactionState() != TransactionState.IDLE) {
                runControl(sql);
            }
            if (groupError != null) {
                throw rethrown(groupError);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a transaction block: {@code BEGIN} when no transaction is open, else a
     * {@code SAVEPOINT}, so blocks nest. Close it with {@link Transaction#commit()}; closing
     * it without a commit (an exception left the block) rolls it back.
     *
     * <pre>{@code
     * try (Transaction tx = conn.transaction()) {
     *     conn.execute("INSERT INTO accounts VALUES (%s)", 1);
     *     tx.commit();
     * }   // an exception before commit() rolls back
     * }</pre>
     *
     * In pipeline mode the block starts after a sync of the pipeline, whose error, if any,
     * is thrown instead.
     *
     * @return the open block
     */
    public Transaction transaction() {
        lock.lock();
        try {
            checkOpen();
            syncPipeline();
            boolean outer = session().transactionState() == TransactionState.IDLE;
            String savepoint = outer ? null : "tusk_savepoint_" + (++savepointCounter);
            runControl(outer ? beginStatement() : "SAVEPOINT " + savepoint);
            Transaction tx = new Transaction(this, savepoint);
            transactions.push(tx);
            return tx;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code body} in a transaction block: commits when it returns, rolls back when it
     * throws (and rethrows). Nested calls become savepoints.
     *
     * <pre>{@code
     * long id = conn.transaction(tx -> conn.execute("INSERT INTO t VALUES (1) RETURNING id")
     *         .fetchOne().get(0, Long.class));
     * }</pre>
     *
     * @param body the work
     * @param <T>  what it returns
     * @param <E>  the checked exception the body may throw
     * @return the body's result
     * @throws E when the body throws it (after the rollback)
     */
    public <T, E extends Exception> T transaction(TransactionBody<T, E> body) throws E {
        try (Transaction tx = transaction()) {
            T result = body.run(tx);
            tx.commit();
            return result;
        }
    }

    /**
     * Ends a block: commit or roll back, and pop it (with any inner block left open). In
     * pipeline mode the pipeline is synced first; if its group failed, the block rolls back
     * instead of committing and the group's error is thrown once it has.
     */
    void finish(Transaction tx, boolean commit) {
        lock.lock();
        try {
            if (!transactions.contains(tx)) {
                return;
            }
            PgException groupError = syncReturningError();
            boolean keep = commit && groupError == null;
            while (transactions.peek() != tx) {
                transactions.peek().rollback();
            }
            transactions.pop();
            if (!closed && driver.session().state() == PgSession.State.READY) {
                String sp = tx.savepoint();
                if (sp == null) {
                    runControl(keep ? "COMMIT" : "ROLLBACK");
                } else if (keep) {
                    runControl("RELEASE SAVEPOINT " + sp);
                } else {
                    runControl("ROLLBACK TO SAVEPOINT " + sp + "; RELEASE SAVEPOINT " + sp);
                }
            }
            if (groupError != null) {
                throw rethrown(groupError);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    void changeSetting(String what, Runnable change) {
        lock.lock();
        try {
            checkIdle(what);
            change.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the server to cancel the statement this connection is running (psycopg's
     * {@code cancel()}); callable from any thread. The running call then fails with
     * {@link QueryCanceled} and the connection stays usable. Does nothing when idle.
     *
     * <pre>{@code
     * Runtime.getRuntime().addShutdownHook(new Thread(conn::cancel));   // Ctrl-C cancels the query
     * }</pre>
     *
     * @throws OperationalException if the server cannot be reached to deliver the request
     */
    public void cancel() {
        if (closed || isBroken()) {
            return;
        }
        LifecycleLog.cancelRequested(this);
        try {
            driver.cancel(System.nanoTime() + CANCEL_TIMEOUT.toNanos());
        } catch (IOException e) {
            throw new OperationalException("could not send the cancel request: " + e.getMessage(), e);
        }
    }

    /**
     * Reads, without waiting, what the server sent while the connection was idle (libpq's
     * {@code PQconsumeInput}): notifications are buffered and notices delivered as usual, and a
     * session the server ended (shutdown, {@code pg_terminate_backend}, a reset socket) shows
     * at once as broken, where otherwise only the next command would find out. Pools call it
     * before handing out a connection that sat idle. While another thread uses the connection
     * it does nothing: that thread's reads see the same.
     *
     * <pre>{@code
     * if (!conn.consumeInput()) {
     *     conn = Connection.connect(dsn);      // the server dropped us while we were idle
     * }
     * }</pre>
     *
     * @return whether the connection is still usable: false once closed or broken
     */
    public boolean consumeInput() {
        if (!lock.tryLock()) {
            return !isClosed();
        }
        try {
            if (!isClosed() && !inPipeline() && group.isEmpty()) {
                driver.awaitUnsolicited(System.nanoTime());
            }
            return !isClosed();
        } finally {
            lock.unlock();
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /**
     * Closes the connection; an open transaction is discarded (the server rolls it back), and
     * so are statements of an open pipeline not yet synced.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                driver.close();
                group.take();
                LifecycleLog.closed(this);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean isClosedByUser() {
        return closed;
    }

    @Override
    boolean isExecuting() {
        // Pipelined statements awaiting their sync count as running.
        return executing || !group.isEmpty();
    }

    @Override
    PgSession session() {
        return driver.session();
    }
}
