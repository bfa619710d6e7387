package dev.tusk;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.errors.Diagnostic;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.net.PollingSession;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.PgSession;
import dev.tusk.protocol.SessionListener;
import dev.tusk.protocol.TransactionState;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection that never blocks and lets the caller own the waiting (psycopg 2's
 * {@code async=1} connections, psycopg 1's {@code isbusy()}/{@code fileno()}): programs with
 * an event loop of their own register {@link #channel()} in their {@link Selector}, among
 * their other channels, and call {@link #poll()} when it is ready.
 *
 * <p>{@link #start} returns at once; the connection is made by calling {@code poll()} until it
 * returns {@link PollState#OK} (connecting ends with the catalog query that finds the
 * {@code hstore} and {@code citext} types, unless {@link ConnectOptions.Builder#enableHstore}
 * turned it off). A cursor's {@code execute} only sends; the caller polls to
 * {@code OK} again, then fetches. The {@code wait} loop of psycopg 2, in Java:
 *
 * <pre>{@code
 * static void wait(PollingConnection conn) throws IOException {
 *     try (Selector selector = Selector.open()) {
 *         while (conn.poll() != PollState.OK) {
 *             // Re-read the channel: it changes while connecting (one per host tried).
 *             conn.channel().register(selector, conn.interestOps());
 *             selector.select();
 *             selector.selectedKeys().clear();
 *         }
 *     }
 * }
 *
 * PollingConnection conn = PollingConnection.start("dbname=test");
 * wait(conn);
 * PollingCursor<Row> cur = conn.cursor();
 * cur.execute("SELECT pg_sleep(1); SELECT 42");    // returns at once
 * wait(conn);
 * cur.fetchOne();                                  // (42)
 * }</pre>
 *
 * <p>The rules are psycopg's: the connection is always in autocommit ({@code BEGIN},
 * {@code COMMIT} and {@code ROLLBACK} are sent as SQL; {@link #commit()} raises); one query
 * runs at a time, so {@code execute} on another cursor while one runs raises, while
 * {@code execute} again on the same cursor runs the new query once the running one completed
 * and discards the older results. A query's error is raised by the {@code poll()} that
 * completes it, and the connection stays usable. Notifications arrive through {@code poll()}
 * into {@link #notifies()}; polling with no query running is how a listener reads them.
 *
 * <p>Not thread-safe: one thread (the caller's loop) uses the connection and its cursors.
 * Only {@link #cancel()} blocks (briefly, as psycopg's does).
 */
public final class PollingConnection extends BaseConnection implements AutoCloseable {
    /** Bound for delivering a cancel request. */
    private static final Duration CANCEL_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long a cancelled query may take to finish before the connection is given up. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private final PollingSession driver;
    private final List<Notify> notifies = new ArrayList<>();
    // The head is on the wire; the others are re-executions of the same cursor, sent in turn.
    private final ArrayDeque<Execution> executions = new ArrayDeque<>();
    private PollingCursor<?> lastCursor;
    private int interestOps;
    private boolean closed;
    /** Whether connecting still has to look for the extension types (after login). */
    private boolean extensionsDue;
    /** The extension types query while it runs, as the last part of connecting. */
    private TypeCatalog extensions;
    private final long started = System.nanoTime();
    private boolean connectLogged;

    private PollingConnection(ConnInfo info, SessionContext context, ConnectOptions options) {
        super(info, context, options);
        SessionListener listener = new SessionListener() {
            @Override
            public void onNotification(int processId, String channel, String payload) {
                notifies.add(new Notify(channel, payload, processId));
            }

            @Override
            public void onParameterStatus(String name, String value) {
                context.onParameterStatus(name, value);
            }

            @Override
            public void onNotice(Diagnostic notice) {
                context.onNotice(notice);
            }
        };
        this.driver = PollingSession.start(info, options.preparedMax(), options.prepareThreshold(),
                s -> s.setListener(listener));
        this.extensionsDue = options.enableHstore();
    }

    /**
     * Starts connecting with default options; no I/O happens until {@link #poll()}.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @return the connection, to be polled until {@link PollState#OK}
     * @throws ProgrammingException if the conninfo is malformed
     */
    public static PollingConnection start(String conninfo) {
        return start(conninfo, ConnectOptions.defaults());
    }

    /**
     * Starts connecting; no I/O happens until {@link #poll()}. The options' autocommit is
     * ignored (the connection is always in autocommit), and a statement timeout is refused: the
     * caller owns the waiting, and stops a query with {@link #cancel()}.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  connection options
     * @return the connection, to be polled until {@link PollState#OK}
     * @throws ProgrammingException if the conninfo is malformed, or the options set a timeout
     */
    public static PollingConnection start(String conninfo, ConnectOptions options) {
        if (options.timeout() != null) {
            throw new ProgrammingException("a PollingConnection has no statement timeout: the caller owns the "
                    + "waiting and stops a query with cancel()");
        }
        return new PollingConnection(resolve(conninfo, options), new SessionContext(), options);
    }

    // ---- driving ---------------------------------------------------------------------------

    /**
     * Makes one non-blocking step: sends what the socket takes, reads what has arrived and
     * processes it (establishing the connection, completing the running query, collecting
     * notifications). Never blocks.
     *
     * @return {@link PollState#OK} when connected and no query is running; {@link PollState#READ}
     *         or {@link PollState#WRITE} when the caller should wait for {@link #channel()} to be
     *         readable or writable ({@link #interestOps()} gives the exact {@link SelectionKey} ops)
     * @throws OperationalException if the connection could not be made or was lost
     * @throws PgException          the error of the query this step completed (the connection
     *                              stays usable), or the server's refusal of the login
     */
    public PollState poll() {
        checkOpen();
        int ops = driver.step();
        if ((extensionsDue || extensions != null) && driver.isConnected()) {
            ops = stepExtensions(ops);
            if (extensions != null) {
                interestOps = ops == 0 ? SelectionKey.OP_READ : ops;
                return stateOf(interestOps);
            }
        }
        if (!connectLogged && driver.isConnected()) {
            connectLogged = true;
            LifecycleLog.connected(this, driver.peer(), started);
        }
        RuntimeException error = null;
        Execution head;
        while ((head = executions.peek()) != null && head.command.isDone()) {
            executions.poll();
            Command retry = staleRetry(head);
            if (retry != null) {
                head = new Execution(head.cursor, retry, head.collector, head.discarded);
                executions.addFirst(head);
            } else {
                RuntimeException e = head.finish();
                error = error != null ? error : e;
                if (!head.discarded) {
                    lastCursor = head.cursor;
                }
                head = executions.peek();
            }
            if (head != null) {
                RuntimeException e = sendNext(head);
                error = error != null ? error : e;
                ops = driver.step();
            }
        }
        interestOps = ops;
        if (error != null) {
            throw error instanceof PgException pe ? rethrown(pe) : error;
        }
        if (isBroken()) {
            reportIfBroken();
            // Lost in this step: the cause itself (e.g. the server's AdminShutdown), once.
            throw rethrown(session().failure());
        }
        return stateOf(ops);
    }

    private static PollState stateOf(int ops) {
        if (ops == 0) {
            return PollState.OK;
        }
        return (ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 ? PollState.WRITE : PollState.READ;
    }

    /**
     * The last part of connecting (aiopg's {@code enable_hstore}): sends the extension types
     * query once logged in, and registers what it found once it completed; until then
     * {@code poll()} does not return OK. A failure closes the connection.
     *
     * @return the interest ops after this step
     */
    private int stepExtensions(int ops) {
        if (extensionsDue) {
            extensionsDue = false;
            extensions = TypeCatalog.extensions(serverVersion());
            driver.submit(extensions.query);
            ops = driver.step();
        }
        if (!extensions.query.isDone()) {
            return ops;
        }
        TypeCatalog done = extensions;
        extensions = null;
        try {
            if (done.query.error() != null) {
                throw rethrown(done.query.error());
            }
            done.registerExtensions(adapters());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return ops;
    }

    /** A statement made stale by DDL runs once more, prepared afresh, when no transaction was lost. */
    private Command staleRetry(Execution e) {
        if (e.command instanceof ExtendedQuery q && q.failedOnStaleStatement() && !e.cancelled
                && session().transactionState() == TransactionState.IDLE) {
            Command retry = q.retry();
            submit(retry);
            return retry;
        }
        return null;
    }

    /** Submits the next queued execution; if it cannot be sent, it and the rest fail. */
    private RuntimeException sendNext(Execution next) {
        try {
            submit(next.command);
            return null;
        } catch (RuntimeException e) {
            executions.poll();
            next.cursor.discardResults();
            if (session().state() != PgSession.State.READY) {
                executions.forEach(x -> x.cursor.discardResults());
                executions.clear();
            }
            return e;
        }
    }

    /**
     * Writes a command: the one way commands reach the driver, so that the execution
     * listeners hear of every statement (replies are read only by a later step).
     */
    private void submit(Command command) {
        driver.submit(command);
        executionHooks().watch(command);
    }

    /** An error recorded earlier, with the stack trace of the call that reports it. */
    private static PgException rethrown(PgException e) {
        e.fillInStackTrace();
        return e;
    }

    /**
     * The channel to register in the caller's selector (psycopg's {@code fileno()}). While
     * connecting it changes (one socket per address tried, and a pipe while a host name is
     * being resolved): re-read it after every {@link #poll()} until connected.
     *
     * @return the channel, non-blocking; {@code null} once the connection failed or was closed
     */
    public SelectableChannel channel() {
        return driver.channel();
    }

    /**
     * The {@link SelectionKey} interest ops to register {@link #channel()} with after the last
     * {@link #poll()}: {@code OP_READ}, {@code OP_WRITE} (with {@code OP_READ} when replies are
     * also due), {@code OP_CONNECT} while a socket connect is pending (where Java needs it
     * instead of {@code OP_WRITE}), or 0 after {@link PollState#OK}.
     *
     * @return the interest ops
     */
    public int interestOps() {
        return interestOps;
    }

    /**
     * How long the caller may wait on the channel before it must poll again even if nothing is
     * ready: what is left of {@code connect_timeout} for the current attempt, which
     * {@link #poll()} enforces (libpq leaves this to the application).
     *
     * @return the time left, or {@code null} when there is no bound
     */
    public Duration pollTimeout() {
        return driver.remainingTimeout();
    }

    /**
     * Polls until {@link PollState#OK}, blocking the calling thread on a private selector
     * (psycopg 2's {@code wait_select}): for scripts, tests, and code that has no loop of its own.
     *
     * @param timeout the bound, or {@code null} for none
     * @return true when OK was reached, false when the timeout passed first
     * @throws PgException as {@link #poll()} does
     */
    public boolean pollUntilOk(Duration timeout) {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            while (poll() != PollState.OK) {
                long left = Long.MAX_VALUE;
                if (timeout != null) {
                    left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                }
                Duration connect = pollTimeout();
                if (connect != null) {
                    left = Math.min(left, connect.toNanos());
                }
                channel().register(selector, interestOps);
                selector.select(left == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
            return true;
        } catch (IOException e) {
            throw new OperationalException("waiting on the connection failed: " + e.getMessage(), e);
        }
    }

    // ---- cursors and queries ---------------------------------------------------------------

    /**
     * A new cursor with tuple rows. No I/O.
     *
     * @return the cursor
     */
    public PollingCursor<Row> cursor() {
        return cursor(RowFactories.tuple());
    }

    /**
     * A new cursor whose rows the factory makes. No I/O.
     *
     * @param rowFactory what rows become ({@link RowFactories})
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> PollingCursor<R> cursor(RowFactory<R> rowFactory) {
        checkOpen();
        return new PollingCursor<>(this, rowFactory);
    }

    /** Sends a cursor's query, or queues it behind the cursor's running one (seed 000's rule). */
    void send(PollingCursor<?> cursor, Command command, ResultCollector collector) {
        checkOpen();
        if (!driver.isConnected() || extensionsDue || extensions != null) {
            throw new ProgrammingException("the connection is not established yet: poll() until it returns OK");
        }
        Execution running = executions.peek();
        if (running != null && running.cursor != cursor) {
            throw new ProgrammingException("another cursor's query is executing on this connection: "
                    + "poll() until it returns OK first");
        }
        Execution e = new Execution(cursor, command, collector, false);
        if (running == null) {
            submit(command);
        } else {
            // The older queries still run to their end, but their results are not wanted.
            executions.forEach(x -> x.discarded = true);
        }
        executions.add(e);
    }

    boolean isRunning(PollingCursor<?> cursor) {
        Execution head = executions.peek();
        return head != null && head.cursor == cursor;
    }

    /**
     * Whether a query is executing (psycopg 2's {@code isexecuting()}): sent and not yet
     * completed by {@link #poll()}.
     *
     * @return true while a query runs
     */
    @Override
    public boolean isExecuting() {
        return !executions.isEmpty();
    }

    /**
     * Asks the server to abort the running query and waits until it ended (psycopg 1's
     * {@code cancel()}). Its results are discarded either way, and so are those of the last
     * completed query when nothing runs; re-executions queued behind it are dropped unsent.
     * This call blocks: it delivers the cancel request over a connection of its own and reads
     * the query's end, bounded by a few seconds.
     *
     * @return true if the query was aborted, false if it had already completed (or nothing ran)
     * @throws OperationalException if the request cannot be delivered, or the server does not
     *                              end the query in time (the connection is then closed)
     */
    public boolean cancel() {
        checkOpen();
        Execution head = executions.peek();
        if (head == null) {
            if (lastCursor != null) {
                lastCursor.discardResults();
            }
            return false;
        }
        LifecycleLog.cancelRequested(this);
        try {
            driver.cancel(System.nanoTime() + CANCEL_REQUEST_TIMEOUT.toNanos());
        } catch (IOException e) {
            throw new OperationalException("could not send the cancel request: " + e.getMessage(), e);
        }
        head.cancelled = true;
        head.discarded = true;
        while (executions.size() > 1) {
            executions.pollLast();
        }
        if (!pollUntilOk(CANCEL_GRACE)) {
            OperationalException e = new OperationalException("the server did not finish a cancelled statement within "
                    + CANCEL_GRACE.toSeconds() + " s; the connection was closed");
            driver.fail(e);
            executions.clear();
            throw e;
        }
        return head.command.error() instanceof QueryCanceled;
    }

    /**
     * The notifications received so far, oldest first (psycopg 2's {@code conn.notifies}): a
     * live list that the caller drains. They arrive through {@link #poll()}, during queries
     * or, with no query running, when the channel becomes readable.
     *
     * <pre>{@code
     * conn.poll();
     * while (!conn.notifies().isEmpty()) {
     *     Notify n = conn.notifies().remove(0);
     * }
     * }</pre>
     *
     * @return the mutable list of pending notifications
     */
    public List<Notify> notifies() {
        return notifies;
    }

    // ---- transactions: the caller sends them as SQL ----------------------------------------

    /**
     * Always true: a polling connection is in autocommit mode (psycopg 2's rule for
     * asynchronous connections).
     *
     * @return true
     */
    @Override
    public boolean autocommit() {
        return true;
    }

    /**
     * Not available: send {@code COMMIT} with a cursor.
     *
     * @throws ProgrammingException always
     */
    public void commit() {
        throw noTransactionControl("commit()");
    }

    /**
     * Not available: send {@code ROLLBACK} with a cursor.
     *
     * @throws ProgrammingException always
     */
    public void rollback() {
        throw noTransactionControl("rollback()");
    }

    @Override
    void changeSetting(String what, Runnable change) {
        throw noTransactionControl("changing " + what);
    }

    private static ProgrammingException noTransactionControl(String what) {
        return new ProgrammingException(what + " is not available on a PollingConnection: it is always in "
                + "autocommit mode; send BEGIN, COMMIT and ROLLBACK as SQL with execute()");
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Closes the connection without blocking; a running query is abandoned (the server rolls it back). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.close();
            executions.forEach(x -> x.cursor.discardResults());
            executions.clear();
            LifecycleLog.closed(this);
        }
    }

    @Override
    boolean isClosedByUser() {
        return closed;
    }

    @Override
    PgSession session() {
        return driver.session();
    }

    /** One query of a cursor: on the wire when it heads the queue. */
    private static final class Execution {
        final PollingCursor<?> cursor;
        final Command command;
        final ResultCollector collector;
        boolean discarded;
        boolean cancelled;

        Execution(PollingCursor<?> cursor, Command command, ResultCollector collector, boolean discarded) {
            this.cursor = cursor;
            this.command = command;
            this.collector = collector;
            this.discarded = discarded;
        }

        /** Hands the results to the cursor unless discarded; the error to raise, if any. */
        RuntimeException finish() {
            PgException error = command.error();
            if (discarded || error != null) {
                if (!discarded) {
                    cursor.discardResults();
                }
            } else {
                cursor.completed(collector.results);
            }
            return cancelled ? null : error;
        }
    }
}
