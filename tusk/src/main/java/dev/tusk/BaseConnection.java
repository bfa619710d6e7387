package dev.tusk;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.conninfo.Environment;
import dev.tusk.errors.Diagnostic;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.PgSession;
import dev.tusk.types.Adapters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every kind of connection shares (psycopg's {@code BaseConnection}): the transaction
 * characteristics applied at {@code BEGIN}, the adapters, and the information members. The
 * subclasses differ in how they wait: {@link Connection} blocks, {@link AsyncConnection}
 * returns futures.
 */
public abstract class BaseConnection {
    private final ConnInfo info;
    private final Adapters adapters;
    private final SessionContext context;
    private final Duration timeout;
    private volatile boolean autocommit;
    private volatile IsolationLevel isolationLevel;
    private volatile Boolean readOnly;
    private volatile Boolean deferrable;
    private final ExecutionHooks executions;
    private volatile boolean brokenReported;

    BaseConnection(ConnInfo info, SessionContext context, ConnectOptions options) {
        this.info = info;
        this.context = context;
        this.executions = new ExecutionHooks(info.toDsn(), options.initialListeners());
        this.adapters = Adapters.global().copy();
        this.autocommit = options.autocommit();
        this.timeout = options.timeout();
    }

    /** Parses the conninfo, applies the option overrides and the environment (PG* variables, files). */
    static ConnInfo resolve(String conninfo, ConnectOptions options) {
        ConnInfo info = ConnInfo.parse(conninfo);
        for (Map.Entry<String, String> e : options.params().entrySet()) {
            info = info.with(e.getKey(), e.getValue());
        }
        return info.resolve(Environment.system());
    }

    abstract PgSession session();

    /**
     * Runs {@code change} when no transaction is open, under whatever guard the subclass needs
     * so that no command starts meanwhile.
     */
    abstract void changeSetting(String what, Runnable change);

    void checkIdle(String what) {
        checkOpen();
        TransactionStatus s = transactionStatus();
        if (s != TransactionStatus.IDLE) {
            throw new ProgrammingException("can't change " + what + " now: connection in transaction status " + s);
        }
    }

    String beginStatement() {
        StringBuilder sb = new StringBuilder("BEGIN");
        if (isolationLevel != null) {
            sb.append(" ISOLATION LEVEL ").append(isolationLevel.sql());
        }
        if (readOnly != null) {
            sb.append(readOnly ? " READ ONLY" : " READ WRITE");
        }
        if (deferrable != null) {
            sb.append(deferrable ? " DEFERRABLE" : " NOT DEFERRABLE");
        }
        return sb.toString();
    }

    void checkOpen() {
        if (isClosedByUser()) {
            throw new OperationalException("the connection is closed");
        }
        PgException failure = session().failure();
        if (failure != null) {
            throw broken(failure);
        }
    }

    static OperationalException broken(PgException failure) {
        return new OperationalException("the connection is broken: " + failure.getMessage(), failure);
    }

    /** Whether the application closed (or began closing) the connection. */
    abstract boolean isClosedByUser();

    /** Whether a command of this connection is running right now. */
    abstract boolean isExecuting();

    /** Logs once that the connection broke, when it has. */
    void reportIfBroken() {
        if (!brokenReported && isBroken()) {
            brokenReported = true;
            LifecycleLog.broken(this, session().failure());
        }
    }

    // ---- execution listeners ---------------------------------------------------------------

    /**
     * Adds a listener that hears every statement this connection sends from now on (see
     * {@link ExecutionListener} for what counts, and on which thread it is called). Safe from
     * any thread.
     *
     * <pre>{@code
     * conn.addExecutionListener(new ExecutionListener() {
     *     @Override
     *     public void error(ExecutionEvent e, Throwable error, Duration elapsed) {
     *         log.warn("{} failed: {}", e.sql(), error.getMessage());
     *     }
     * });
     * }</pre>
     *
     * @param listener the listener
     */
    public void addExecutionListener(ExecutionListener listener) {
        executions.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener (the first registration of it, when added several times). Statements
     * already sent still report their end to it.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean removeExecutionListener(ExecutionListener listener) {
        return executions.remove(listener);
    }

    /** Where the drivers report the statements they send. */
    ExecutionHooks executionHooks() {
        return executions;
    }

    // ---- transaction characteristics -------------------------------------------------------

    /**
     * Whether statements commit on their own.
     *
     * @return the autocommit setting
     */
    public boolean autocommit() {
        return autocommit;
    }

    /**
     * Turns autocommit on or off.
     *
     * @param on the new setting
     * @throws ProgrammingException while a transaction is open
     */
    public void setAutocommit(boolean on) {
        changeSetting("autocommit", () -> autocommit = on);
    }

    /**
     * The isolation level for the next transactions; {@code null} means the server default.
     *
     * @return the level or {@code null}
     */
    public IsolationLevel isolationLevel() {
        return isolationLevel;
    }

    /**
     * Sets the isolation level, applied with the next {@code BEGIN}.
     *
     * @param level the level, or {@code null} for the server default
     * @throws ProgrammingException while a transaction is open
     */
    public void setIsolationLevel(IsolationLevel level) {
        changeSetting("isolation level", () -> isolationLevel = level);
    }

    /**
     * Whether the next transactions are read-only; {@code null} means the server default.
     *
     * @return the setting
     */
    public Boolean readOnly() {
        return readOnly;
    }

    /**
     * Makes the next transactions read-only or read-write.
     *
     * @param on the setting, or {@code null} for the server default
     * @throws ProgrammingException while a transaction is open
     */
    public void setReadOnly(Boolean on) {
        changeSetting("read only", () -> readOnly = on);
    }

    /**
     * Whether the next transactions are deferrable; {@code null} means the server default.
     *
     * @return the setting
     */
    public Boolean deferrable() {
        return deferrable;
    }

    /**
     * Makes the next (serializable, read-only) transactions deferrable.
     *
     * @param on the setting, or {@code null} for the server default
     * @throws ProgrammingException while a transaction is open
     */
    public void setDeferrable(Boolean on) {
        changeSetting("deferrable", () -> deferrable = on);
    }

    /**
     * The default statement timeout of this connection's cursors, from {@link ConnectOptions}.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
        return timeout;
    }

    // ---- state -----------------------------------------------------------------------------

    /**
     * Whether the connection was closed or broke: no more commands can run.
     *
     * @return true if closed
     */
    public boolean isClosed() {
        return isClosedByUser() || isBroken();
    }

    /**
     * Whether the connection was lost or desynchronised (not closed by the application).
     *
     * @return true if broken
     */
    public boolean isBroken() {
        return session().state() == PgSession.State.BROKEN;
    }

    /**
     * The transaction status.
     *
     * @return the status; {@link TransactionStatus#ACTIVE} while a command runs
     */
    public TransactionStatus transactionStatus() {
        if (isClosed()) {
            return TransactionStatus.UNKNOWN;
        }
        if (isExecuting()) {
            return TransactionStatus.ACTIVE;
        }
        return switch (session().transactionState()) {
            case IDLE -> TransactionStatus.IDLE;
            case IN_TRANSACTION -> TransactionStatus.INTRANS;
            case IN_ERROR -> TransactionStatus.INERROR;
        };
    }

    /**
     * Whether the connection is usable.
     *
     * @return {@link ConnectionStatus#OK} or {@link ConnectionStatus#BAD}
     */
    public ConnectionStatus status() {
        return isClosed() ? ConnectionStatus.BAD : ConnectionStatus.OK;
    }

    // ---- information -----------------------------------------------------------------------

    /**
     * The adapters of this connection: a copy of the global ones, inherited by its cursors.
     *
     * @return the connection's adapters
     */
    public Adapters adapters() {
        return adapters;
    }

    /**
     * The server process serving this connection (for {@code pg_cancel_backend}, logs).
     *
     * @return the pid
     */
    public int backendPid() {
        return session().processId();
    }

    /**
     * The server version as an integer, e.g. {@code 170006} for 17.6 (libpq's
     * {@code PQserverVersion}).
     *
     * @return the version number, 0 if unknown
     */
    public int serverVersion() {
        return ServerVersion.parse(parameterStatus("server_version"));
    }

    /**
     * The protocol version: 3.
     *
     * @return the major protocol version
     */
    public int protocolVersion() {
        return session().protocolVersion() / 10000;
    }

    /**
     * A run-time parameter as last reported by the server ({@code server_version},
     * {@code TimeZone}, {@code application_name}, ...).
     *
     * @param name the parameter
     * @return its value, or {@code null} if never reported
     */
    public String parameterStatus(String name) {
        return session().parameter(name);
    }

    /**
     * The connection parameters in use, as a conninfo string without the password.
     *
     * @return the dsn
     */
    public String dsn() {
        return info.toDsn();
    }

    /**
     * The client encoding: always {@code UTF8}.
     *
     * @return the encoding name as the server reports it
     */
    public String encoding() {
        String e = parameterStatus("client_encoding");
        return e == null ? "UTF8" : e;
    }

    // ---- notices ---------------------------------------------------------------------------

    /**
     * Calls {@code handler} with every notice or warning the server sends (psycopg 3's
     * {@code add_notice_handler}): {@code RAISE NOTICE}/{@code WARNING} below {@code EXCEPTION},
     * "there is no transaction in progress", ... ({@code client_min_messages} decides which are
     * sent). The {@link Diagnostic} is immutable and stays valid after the call. Handlers run on
     * the thread that reads the connection (for an {@link AsyncConnection}, its event loop: keep
     * them short); one that throws is logged and skipped.
     *
     * <pre>{@code
     * conn.addNoticeHandler(diag -> System.out.println(
     *         "The server says: " + diag.severity() + " - " + diag.messagePrimary()));
     * conn.execute("ROLLBACK");   // The server says: WARNING - there is no transaction in progress
     * }</pre>
     *
     * @param handler the handler
     */
    public void addNoticeHandler(Consumer<Diagnostic> handler) {
        context.notices().addHandler(handler);
    }

    /**
     * Stops calling a handler added with {@link #addNoticeHandler}.
     *
     * @param handler the handler
     * @return true if it was registered
     */
    public boolean removeNoticeHandler(Consumer<Diagnostic> handler) {
        return context.notices().removeHandler(handler);
    }

    /**
     * The last 50 notices, oldest first, as text (aiopg's {@code conn.notices}), e.g.
     * {@code "WARNING:  there is no transaction in progress\n"}. Older ones are dropped, so a
     * chatty server cannot fill the heap.
     *
     * @return an immutable snapshot
     */
    public List<String> notices() {
        return context.notices().snapshot();
    }

    SessionContext context() {
        return context;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + info.toDsn() + ", " + transactionStatus() + "]";
    }
}
