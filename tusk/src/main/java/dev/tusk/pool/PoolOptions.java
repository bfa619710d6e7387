package dev.tusk.pool;

import dev.tusk.AsyncConnection;
import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Listener;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings of an {@link AsyncPool} or a {@link Pool}, built fluently; immutable. The
 * defaults are aiopg's and psycopg_pool's.
 *
 * <pre>{@code
 * PoolOptions opts = PoolOptions.builder()
 *         .minSize(2).maxSize(8)
 *         .timeout(Duration.ofSeconds(5))                  // acquire gives up after 5 s: PoolTimeout
 *         .configureAsync(conn -> conn.execute("SET search_path TO app"))
 *         .connectOptions(ConnectOptions.builder().autocommit(true).build())
 *         .build();
 * }</pre>
 *
 * <p>The hooks come in two flavours: {@code configure}, {@code check} and {@code reset} take a
 * blocking {@link Connection} and serve a {@link Pool}; {@code configureAsync},
 * {@code checkAsync} and {@code resetAsync} take an {@link AsyncConnection} and return a
 * stage, and serve an {@link AsyncPool}. A pool refuses options with the other flavour's
 * hooks, which it could not run.
 */
public final class PoolOptions {
    private static final PoolOptions DEFAULTS = builder().build();

    private final int minSize;
    private final int maxSize;
    private final int maxWaiting;
    private final Duration timeout;
    private final Duration maxLifetime;
    private final Duration maxIdle;
    private final Duration connectTimeout;
    private final Duration reconnectTimeout;
    private final Listener.Backoff reconnectBackoff;
    private final Duration leakDetectionThreshold;
    private final String name;
    private final ConnectOptions connectOptions;
    private final Consumer<BasePool<?>> reconnectFailed;
    private final Consumer<Connection> configure;
    private final Consumer<Connection> check;
    private final Consumer<Connection> reset;
    private final Function<AsyncConnection, ? extends CompletionStage<?>> configureAsync;
    private final Function<AsyncConnection, ? extends CompletionStage<?>> checkAsync;
    private final Function<AsyncConnection, ? extends CompletionStage<?>> resetAsync;

    private PoolOptions(Builder b) {
        this.minSize = b.minSize;
        this.maxSize = b.maxSize;
        this.maxWaiting = b.maxWaiting;
        this.timeout = b.timeout;
        this.maxLifetime = b.maxLifetime;
        this.maxIdle = b.maxIdle;
        this.connectTimeout = b.connectTimeout;
        this.reconnectTimeout = b.reconnectTimeout;
        this.reconnectBackoff = b.reconnectBackoff;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.name = b.name;
        this.connectOptions = b.connectOptions;
        this.reconnectFailed = b.reconnectFailed;
        this.configure = b.configure;
        this.check = b.check;
        this.reset = b.reset;
        this.configureAsync = b.configureAsync;
        this.checkAsync = b.checkAsync;
        this.resetAsync = b.resetAsync;
    }

    /**
     * The defaults: 1 to 10 connections, 30 s to acquire, connections replaced after an hour
     * and closed after 10 idle minutes above {@code minSize}.
     *
     * @return the default options
     */
    public static PoolOptions defaults() {
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
     * The connections the pool keeps open even when idle (aiopg {@code minsize}).
     *
     * @return the minimum, default 1
     */
    public int minSize() {
        return minSize;
    }

    /**
     * The most connections open at once (aiopg {@code maxsize}); 0 for no limit.
     *
     * @return the maximum, default 10
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * The most acquires that may wait at once; beyond it an acquire fails with
     * {@link TooManyRequests} (psycopg_pool {@code max_waiting}). 0 for no limit.
     *
     * @return the bound, default 0
     */
    public int maxWaiting() {
        return maxWaiting;
    }

    /**
     * How long an acquire waits for a connection before failing with {@link PoolTimeout}.
     *
     * @return the timeout, default 30 s
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The age at which a connection is closed and replaced (aiopg {@code pool_recycle}), less
     * up to 5% at random so that connections made together do not expire together; a
     * connection in use is replaced when it comes back.
     *
     * @return the lifetime, default 1 h; {@code null} for no limit
     */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /**
     * How long a connection above {@code minSize} may stay idle before it is closed.
     *
     * @return the bound, default 10 min; {@code null} for no limit
     */
    public Duration maxIdle() {
        return maxIdle;
    }

    /**
     * How long one connection attempt (login and the configure hook included) may take.
     *
     * @return the bound, default 10 s
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long the pool retries a connection it needs before giving up and calling
     * {@link #reconnectFailed()} (psycopg_pool {@code reconnect_timeout}).
     *
     * @return the bound, default 5 min
     */
    public Duration reconnectTimeout() {
        return reconnectTimeout;
    }

    /**
     * The delays between failed connection attempts.
     *
     * @return the back-off, default 200 ms doubling to 10 s with 20% jitter
     */
    public Listener.Backoff reconnectBackoff() {
        return reconnectBackoff;
    }

    /**
     * How long a connection may be held before a warning with the acquirer's stack trace is
     * logged (HikariCP {@code leakDetectionThreshold}).
     *
     * @return the threshold, or {@code null} (the default) for no leak detection
     */
    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /**
     * The pool's name, in log messages, errors and {@code toString()}.
     *
     * @return the name, or {@code null} (the default): each pool is then {@code pool-N}
     */
    public String name() {
        return name;
    }

    /**
     * The options of each connection the pool makes.
     *
     * @return the options, default {@link ConnectOptions#defaults()}
     */
    public ConnectOptions connectOptions() {
        return connectOptions;
    }

    /**
     * Called with the pool when connecting failed for {@link #reconnectTimeout()}.
     *
     * @return the callback, or {@code null}
     */
    public Consumer<BasePool<?>> reconnectFailed() {
        return reconnectFailed;
    }

    /**
     * What a {@link Pool} runs on each new connection before using it.
     *
     * @return the hook, or {@code null}
     */
    public Consumer<Connection> configure() {
        return configure;
    }

    /**
     * What a {@link Pool} runs on an idle connection before handing it out.
     *
     * @return the hook, or {@code null}
     */
    public Consumer<Connection> check() {
        return check;
    }

    /**
     * What a {@link Pool} runs on a returned connection once it is idle.
     *
     * @return the hook, or {@code null}
     */
    public Consumer<Connection> reset() {
        return reset;
    }

    /**
     * What an {@link AsyncPool} runs on each new connection before using it.
     *
     * @return the hook, or {@code null}
     */
    public Function<AsyncConnection, ? extends CompletionStage<?>> configureAsync() {
        return configureAsync;
    }

    /**
     * What an {@link AsyncPool} runs on an idle connection before handing it out.
     *
     * @return the hook, or {@code null}
     */
    public Function<AsyncConnection, ? extends CompletionStage<?>> checkAsync() {
        return checkAsync;
    }

    /**
     * What an {@link AsyncPool} runs on a returned connection once it is idle.
     *
     * @return the hook, or {@code null}
     */
    public Function<AsyncConnection, ? extends CompletionStage<?>> resetAsync() {
        return resetAsync;
    }

    /** Refuses sizes no pool can have: negative ones, or a minimum above a limited maximum. */
    static void checkSizes(int min, int max) {
        if (min < 0 || max < 0) {
            throw new IllegalArgumentException("sizes must not be negative: minSize=" + min + ", maxSize=" + max);
        }
        if (max != 0 && max < min) {
            throw new IllegalArgumentException("maxSize " + max + " is less than minSize " + min);
        }
    }

    /** Refuses the hooks of the other kind of pool, which it could not run. */
    void requireHooks(boolean async) {
        boolean blockingHooks = configure != null || check != null || reset != null;
        boolean asyncHooks = configureAsync != null || checkAsync != null || resetAsync != null;
        if (async && blockingHooks) {
            throw new IllegalArgumentException("configure, check and reset take a blocking Connection, for a Pool;"
                    + " an AsyncPool uses configureAsync, checkAsync and resetAsync");
        }
        if (!async && asyncHooks) {
            throw new IllegalArgumentException("configureAsync, checkAsync and resetAsync are for an AsyncPool;"
                    + " a Pool uses configure, check and reset");
        }
    }

    @Override
    public String toString() {
        return "PoolOptions[name=" + name + ", minSize=" + minSize + ", maxSize=" + maxSize + ", timeout=" + timeout
                + ", maxWaiting=" + maxWaiting + ", maxLifetime=" + maxLifetime + ", maxIdle=" + maxIdle
                + ", connectTimeout=" + connectTimeout + ", reconnectTimeout=" + reconnectTimeout + "]";
    }

    /** Builds {@link PoolOptions}. */
    public static final class Builder {
        private int minSize = 1;
        private int maxSize = 10;
        private int maxWaiting;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration maxLifetime = Duration.ofHours(1);
        private Duration maxIdle = Duration.ofMinutes(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectTimeout = Duration.ofMinutes(5);
        private Listener.Backoff reconnectBackoff =
                new Listener.Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);
        private Duration leakDetectionThreshold;
        private String name;
        private ConnectOptions connectOptions = ConnectOptions.defaults();
        private Consumer<BasePool<?>> reconnectFailed;
        private Consumer<Connection> configure;
        private Consumer<Connection> check;
        private Consumer<Connection> reset;
        private Function<AsyncConnection, ? extends CompletionStage<?>> configureAsync;
        private Function<AsyncConnection, ? extends CompletionStage<?>> checkAsync;
        private Function<AsyncConnection, ? extends CompletionStage<?>> resetAsync;

        private Builder() {
        }

        /**
         * Sets the connections kept open even when idle (default 1).
         *
         * @param min at least 0, at most {@code maxSize} unless that is 0 (unlimited)
         * @return this builder
         */
        public Builder minSize(int min) {
            this.minSize = min;
            return this;
        }

        /**
         * Sets the most connections open at once (default 10); 0 for no limit, as in aiopg.
         *
         * @param max at least {@code minSize}, or 0
         * @return this builder
         */
        public Builder maxSize(int max) {
            this.maxSize = max;
            return this;
        }

        /**
         * Sets the most acquires waiting at once (default 0: no limit); beyond it acquires
         * fail at once with {@link TooManyRequests}.
         *
         * @param max at least 0
         * @return this builder
         */
        public Builder maxWaiting(int max) {
            this.maxWaiting = max;
            return this;
        }

        /**
         * Sets how long an acquire waits before failing with {@link PoolTimeout} (default 30 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Sets the age at which connections are replaced (default 1 h), less up to 5% jitter.
         *
         * @param lifetime positive, or {@code null} for no limit
         * @return this builder
         */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = lifetime == null ? null : positive(lifetime, "maxLifetime");
            return this;
        }

        /**
         * Sets how long a connection above {@code minSize} stays idle before it is closed
         * (default 10 min).
         *
         * @param idle positive, or {@code null} for no limit
         * @return this builder
         */
        public Builder maxIdle(Duration idle) {
            this.maxIdle = idle == null ? null : positive(idle, "maxIdle");
            return this;
        }

        /**
         * Sets how long one connection attempt may take (default 10 s); a later connection
         * is closed. libpq's {@code connect_timeout} still bounds each host.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long the pool keeps retrying a connection it needs (default 5 min), with
         * the {@link #reconnectBackoff} delays in between; then it calls
         * {@link #reconnectFailed} and drops the attempt. The pool tries again when a
         * connection is needed (an acquire, or fewer than {@code minSize}).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder reconnectTimeout(Duration timeout) {
            this.reconnectTimeout = positive(timeout, "reconnectTimeout");
            return this;
        }

        /**
         * Sets the delays between failed connection attempts (default 200 ms doubling to 10 s,
         * 20% jitter).
         *
         * <pre>{@code
         * .reconnectBackoff(new Listener.Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 0.2))
         * }</pre>
         *
         * @param backoff the delays
         * @return this builder
         */
        public Builder reconnectBackoff(Listener.Backoff backoff) {
            this.reconnectBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets the callback for a connection the pool could not make within
         * {@link #reconnectTimeout} (psycopg_pool {@code reconnect_failed}). It runs on a
         * pool thread: keep it short.
         *
         * @param callback gets the pool, or {@code null} for none
         * @return this builder
         */
        public Builder reconnectFailed(Consumer<BasePool<?>> callback) {
            this.reconnectFailed = callback;
            return this;
        }

        /**
         * Turns on leak detection: a connection held longer than {@code threshold} is logged
         * once at WARNING ({@code System.Logger} "dev.tusk.pool") with the stack trace of the
         * acquire that took it. Each acquire then records its stack trace.
         *
         * @param threshold positive, or {@code null} (the default) for none
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration threshold) {
            this.leakDetectionThreshold = threshold == null ? null : positive(threshold, "leakDetectionThreshold");
            return this;
        }

        /**
         * Names the pool (default: {@code pool-N}, numbered as pools are created).
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the options of each connection: autocommit, statement timeout, parameters, ...
         *
         * @param options the options
         * @return this builder
         */
        public Builder connectOptions(ConnectOptions options) {
            this.connectOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Sets what a {@link Pool} runs on each new connection before first use (psycopg_pool
         * {@code configure}, aiopg {@code on_connect}); if it throws, the connection is closed
         * and the attempt counts as failed. It must leave no transaction open.
         *
         * <pre>{@code
         * .configure(conn -> { conn.execute("SET TIME ZONE 'UTC'"); conn.commit(); })
         * }</pre>
         *
         * @param hook the hook, or {@code null}
         * @return this builder
         */
        public Builder configure(Consumer<Connection> hook) {
            this.configure = hook;
            return this;
        }

        /**
         * Sets what a {@link Pool} runs on a connection taken from the idle queue before
         * handing it out (psycopg_pool {@code check}); if it throws, the connection is
         * discarded and the acquire goes on with another. {@link Pool#checkConnection} is a
         * ready one: a round trip.
         *
         * @param hook the hook, or {@code null}
         * @return this builder
         */
        public Builder check(Consumer<Connection> hook) {
            this.check = hook;
            return this;
        }

        /**
         * Sets what a {@link Pool} runs on a returned connection once it is idle again
         * (psycopg_pool {@code reset}); if it throws or leaves a transaction open, the
         * connection is closed.
         *
         * @param hook the hook, or {@code null}
         * @return this builder
         */
        public Builder reset(Consumer<Connection> hook) {
            this.reset = hook;
            return this;
        }

        /**
         * Sets what an {@link AsyncPool} runs on each new connection before first use (aiopg
         * {@code on_connect}); a failed stage closes it and the attempt counts as failed.
         *
         * <pre>{@code
         * .configureAsync(conn -> conn.execute("SET TIME ZONE 'UTC'"))
         * }</pre>
         *
         * @param hook the hook, or {@code null}
         * @return this builder
         */
        public Builder configureAsync(Function<AsyncConnection, ? extends CompletionStage<?>> hook) {
            this.configureAsync = hook;
            return this;
        }

        /**
         * Sets what an {@link AsyncPool} runs on a connection taken from the idle queue before
         * handing it out; a failed stage discards it. {@link AsyncPool#checkConnection} is a
         * ready one: a round trip.
         *
         * @param hook the hook, or {@code null}
         * @return this builder
         */
        public Builder checkAsync(Function<AsyncConnection, ? extends CompletionStage<?>> hook) {
            this.checkAsync = hook;
            return this;
        }

        /**
         * Sets what an {@link AsyncPool} runs on a returned connection once it is idle again;
         * a failed stage, or a transaction left open, closes it.
         *
         * @param hook the hook, or {@code null}
         * @return this builder
         */
        public Builder resetAsync(Function<AsyncConnection, ? extends CompletionStage<?>> hook) {
            this.resetAsync = hook;
            return this;
        }

        /**
         * Checks the sizes and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if a size is negative or {@code minSize > maxSize > 0}
         */
        public PoolOptions build() {
            checkSizes(minSize, maxSize);
            if (maxWaiting < 0) {
                throw new IllegalArgumentException("maxWaiting must not be negative, got " + maxWaiting);
            }
            return new PoolOptions(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
