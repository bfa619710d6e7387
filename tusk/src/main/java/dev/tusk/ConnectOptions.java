package dev.tusk;

import dev.tusk.net.EventLoopGroup;
import dev.tusk.net.Waiter;
import dev.tusk.protocol.StatementCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options for {@link Connection#connect(String, ConnectOptions)} and
 * {@link AsyncConnection#connect(String, ConnectOptions)}, built fluently; immutable.
 *
 * <pre>{@code
 * ConnectOptions opts = ConnectOptions.builder()
 *         .autocommit(true)
 *         .prepareThreshold(0)              // prepare every statement at first use
 *         .param("application_name", "billing")
 *         .build();
 * }</pre>
 */
public final class ConnectOptions {
    private static final ConnectOptions DEFAULTS = builder().build();

    private final boolean autocommit;
    private final int prepareThreshold;
    private final int preparedMax;
    private final Map<String, String> params;
    private final Duration timeout;
    private final EventLoopGroup eventLoopGroup;
    private final Waiter waiter;
    private final boolean echo;
    private final boolean enableHstore;
    private final boolean echoParameters;
    private final List<ExecutionListener> executionListeners;
    private final CursorFactory cursorFactory;
    private final AsyncCursorFactory asyncCursorFactory;

    private ConnectOptions(Builder b) {
        this.enableHstore = b.enableHstore;
        this.echo = b.echo;
        this.echoParameters = b.echoParameters;
        this.executionListeners = List.copyOf(b.executionListeners);
        this.cursorFactory = b.cursorFactory;
        this.asyncCursorFactory = b.asyncCursorFactory;
        this.eventLoopGroup = b.eventLoopGroup;
        this.waiter = b.waiter;
        this.timeout = b.timeout;
        this.autocommit = b.autocommit;
        this.prepareThreshold = b.prepareThreshold;
        this.preparedMax = b.preparedMax;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    }

    /**
     * The defaults: not autocommit, prepare after 5 uses, at most 100 prepared statements.
     *
     * @return the default options
     */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether each statement commits on its own.
     *
     * @return the autocommit setting
     */
    public boolean autocommit() {
        return autocommit;
    }

    /**
     * Uses of a query before it is prepared: 0 prepares at first use, negative never.
     *
     * @return the threshold
     */
    public int prepareThreshold() {
        return prepareThreshold;
    }

    /**
     * The most prepared statements kept per connection.
     *
     * @return the bound
     */
    public int preparedMax() {
        return preparedMax;
    }

    /**
     * The default statement timeout (aiopg's {@code timeout}), or {@code null} for none.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Connection parameters that override the conninfo's (libpq keywords).
     *
     * @return an unmodifiable map
     */
    public Map<String, String> params() {
        return params;
    }

    /**
     * The loops that drive an {@link AsyncConnection}: the configured group, or
     * {@link EventLoopGroup#shared()}.
     *
     * @return the group
     */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup != null ? eventLoopGroup : EventLoopGroup.shared();
    }

    /**
     * The wait callback of a blocking {@link Connection} (psycopg2's {@code set_wait_callback},
     * for one connection), or {@code null}: then {@link Waiter#global()} applies, and without
     * one the connection does plain blocking I/O.
     *
     * @return the waiter, or {@code null}
     */
    public Waiter waiter() {
        return waiter;
    }

    /**
     * Whether every statement is logged on the logger {@code dev.tusk.sql} (aiopg's
     * {@code echo}); see {@link Builder#echo}.
     *
     * @return the setting
     */
    public boolean echo() {
        return echo;
    }

    /**
     * Whether {@link #echo()} shows parameter values ({@code true}, the default) or masks
     * each as {@code ***}.
     *
     * @return the setting
     */
    public boolean echoParameters() {
        return echoParameters;
    }

    /**
     * The execution listeners every connection made with these options starts with, in
     * registration order (the echo listener, when {@link #echo()} is on, is not among them).
     *
     * @return an unmodifiable list
     */
    public List<ExecutionListener> executionListeners() {
        return executionListeners;
    }

    /**
     * What makes the client-side cursors of a blocking {@link Connection}, or {@code null}
     * for plain {@link Cursor}s.
     *
     * @return the factory, or {@code null}
     */
    public CursorFactory cursorFactory() {
        return cursorFactory;
    }

    /**
     * What makes the client-side cursors of an {@link AsyncConnection}, or {@code null} for
     * plain {@link AsyncCursor}s.
     *
     * @return the factory, or {@code null}
     */
    public AsyncCursorFactory asyncCursorFactory() {
        return asyncCursorFactory;
    }

    /** The listeners a connection starts with: the echo first, so it logs before the others run. */
    List<ExecutionListener> initialListeners() {
        if (!echo) {
            return executionListeners;
        }
        List<ExecutionListener> all = new ArrayList<>(executionListeners.size() + 1);
        all.add(new EchoListener(echoParameters));
        all.addAll(executionListeners);
        return all;
    }

    /**
     * Whether connecting looks for the {@code hstore} and {@code citext} extensions and
     * registers their types in the connection's adapters (aiopg's {@code enable_hstore}).
     *
     * @return the setting, true by default
     */
    public boolean enableHstore() {
        return enableHstore;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(params);
        shown.computeIfPresent("password", (k, v) -> "********");
        return "ConnectOptions[autocommit=" + autocommit + ", timeout=" + timeout + ", prepareThreshold=" + prepareThreshold
                + ", preparedMax=" + preparedMax + ", params=" + shown + ", waiter=" + (waiter == null ? "none" : "set")
                + ", echo=" + (echo ? (echoParameters ? "on" : "on, parameters masked") : "off")
                + ", executionListeners=" + executionListeners.size() + ", enableHstore=" + enableHstore + "]";
    }

    /** Builds {@link ConnectOptions}. */
    public static final class Builder {
        private boolean autocommit;
        private int prepareThreshold = StatementCache.DEFAULT_THRESHOLD;
        private int preparedMax = StatementCache.DEFAULT_MAX_PREPARED;
        private final Map<String, String> params = new LinkedHashMap<>();
        private Duration timeout;
        private EventLoopGroup eventLoopGroup;
        private Waiter waiter;
        private boolean echo;
        private boolean enableHstore = true;
        private boolean echoParameters = true;
        private final List<ExecutionListener> executionListeners = new ArrayList<>();
        private CursorFactory cursorFactory;
        private AsyncCursorFactory asyncCursorFactory;

        private Builder() {
        }

        /**
         * Logs every statement the connection sends (aiopg's {@code echo}, default off)
         * through {@link System.Logger} on the logger {@code dev.tusk.sql}: at {@code INFO}
         * before it is sent, the SQL with its {@code $n} placeholders and the parameter values;
         * its failure at {@code WARNING}; its end, with rows and time, at {@code DEBUG}. What
         * counts as a statement is what {@link ExecutionListener} hears. A password literal in
         * the SQL ({@code ALTER ROLE ... PASSWORD '...'}) is logged as {@code '***'}; the
         * connection's own password is never logged.
         *
         * <pre>{@code
         * Connection conn = Connection.connect(dsn, ConnectOptions.builder().echo(true).build());
         * conn.execute("SELECT * FROM users WHERE id = %s", 42);
         * // INFO dev.tusk.sql: SELECT * FROM users WHERE id = $1 -- parameters: [42]
         * }</pre>
         *
         * @param on the setting
         * @return this builder
         */
        public Builder echo(boolean on) {
            this.echo = on;
            return this;
        }

        /**
         * Whether {@link #echo} shows parameter values (default {@code true}); {@code false}
         * logs each as {@code ***}, for values that must not reach the logs.
         *
         * @param show the setting
         * @return this builder
         */
        public Builder echoParameters(boolean show) {
            this.echoParameters = show;
            return this;
        }

        /**
         * Adds an execution listener to every connection made with these options; repeatable,
         * listeners are called in the order added.
         *
         * <pre>{@code
         * ConnectOptions.builder().executionListener(new ExecutionListener() {
         *     @Override
         *     public void after(ExecutionEvent e, long rows, Duration elapsed) {
         *         metrics.record(e.sql(), elapsed);
         *     }
         * }).build();
         * }</pre>
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder executionListener(ExecutionListener listener) {
            executionListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets what makes the client-side cursors of a blocking {@link Connection}
         * ({@link Connection#cursor()}, {@link Connection#execute}; psycopg's
         * {@code cursor_factory}). Default: plain {@link Cursor}s.
         *
         * <pre>{@code
         * ConnectOptions.builder().cursorFactory(LoggingCursor::new).build();
         * }</pre>
         *
         * @param factory the factory, or {@code null} for the default
         * @return this builder
         */
        public Builder cursorFactory(CursorFactory factory) {
            this.cursorFactory = factory;
            return this;
        }

        /**
         * Sets what makes the client-side cursors of an {@link AsyncConnection}
         * ({@link AsyncConnection#cursor()}, {@link AsyncConnection#execute}). Default: plain
         * {@link AsyncCursor}s.
         *
         * @param factory the factory, or {@code null} for the default
         * @return this builder
         */
        public Builder asyncCursorFactory(AsyncCursorFactory factory) {
            this.asyncCursorFactory = factory;
            return this;
        }

        /**
         * Sets the wait callback of a blocking connection: its socket stays non-blocking and
         * every wait (connecting, reading, writing) goes to the waiter, which may let other
         * work run meanwhile. Overrides {@link Waiter#global()} (default: none, so the global
         * waiter if set, else plain blocking I/O). Asynchronous connections ignore it.
         *
         * @param waiter the waiter, or {@code null} for none
         * @return this builder
         */
        public Builder waiter(Waiter waiter) {
            this.waiter = waiter;
            return this;
        }

        /**
         * Sets the event loops that drive asynchronous connections (default: the shared group,
         * one loop thread per processor). Blocking connections ignore it.
         *
         * @param group the group
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        /**
         * Sets the default statement timeout of the connection's cursors: a statement running
         * longer is cancelled on the server, the connection is drained back in sync, and
         * {@link dev.tusk.errors.QueryTimeoutException} is raised (default: none).
         *
         * @param timeout the bound, or {@code null} for none
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets autocommit (default false: statements run in a transaction until commit).
         *
         * @param on the setting
         * @return this builder
         */
        public Builder autocommit(boolean on) {
            this.autocommit = on;
            return this;
        }

        /**
         * Sets how many uses of a query come before it is prepared (psycopg's
         * {@code prepare_threshold}, default 5): 0 prepares at first use, negative never
         * (for poolers that cannot keep prepared statements).
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder prepareThreshold(int threshold) {
            this.prepareThreshold = threshold;
            return this;
        }

        /**
         * Sets how many prepared statements a connection keeps (default 100); the least
         * recently used beyond it are closed.
         *
         * @param max the bound, at least 1
         * @return this builder
         */
        public Builder preparedMax(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("preparedMax must be at least 1");
            }
            this.preparedMax = max;
            return this;
        }

        /**
         * Overrides one connection parameter (any libpq keyword: {@code password},
         * {@code application_name}, {@code connect_timeout}, ...).
         *
         * @param key   the keyword
         * @param value the value
         * @return this builder
         */
        public Builder param(String key, String value) {
            params.put(key, value);
            return this;
        }

        /**
         * Sets whether connecting looks for the {@code hstore} and {@code citext} extensions
         * (aiopg's {@code enable_hstore}, default true): one catalog query right after login
         * finds their types in the database, and the connection's adapters load
         * {@code hstore} as {@code Map<String, String>} and {@code citext} as {@code String}
         * (arrays too), and dump any {@code Map} as {@code hstore}. When neither is installed
         * nothing is registered. Off, the query is not sent: turn it off for servers without
         * PostgreSQL's catalog, or to save the round trip.
         *
         * @param on the setting
         * @return this builder
         */
        public Builder enableHstore(boolean on) {
            this.enableHstore = on;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
