package dev.tusk;

import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.sql.Identifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A LISTEN that survives its connection: it keeps a dedicated {@link AsyncConnection} in
 * autocommit, and when that connection drops (server restart, terminated backend, network)
 * it reconnects with exponential back-off, listens on its channels again, and publishes a
 * {@link ListenerEvent.Gap} so that subscribers know notifications may have been missed and
 * can resync. It retries for ever, until {@link #close()}.
 *
 * <pre>{@code
 * Listener listener = Listener.start("dbname=app");
 * listener.events().subscribe(subscriber);       // ListenerEvent.Notification and ListenerEvent.Gap
 * listener.listen("orders").join();              // completes once the server listens
 * ...
 * listener.close();                              // the subscribers complete
 * }</pre>
 *
 * <p>Events are signalled on the connection's loop thread (see {@link AsyncConnection#notifies()}):
 * keep subscribers short and never block in them. A failed connection attempt is logged
 * ({@code System.Logger} "dev.tusk", level WARNING) and retried after the next back-off delay;
 * the delay starts again from {@link Backoff#initial()} once connected.
 */
public final class Listener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.tusk");
    /** The longest channel name the server keeps ({@code NAMEDATALEN - 1} bytes). */
    private static final int MAX_CHANNEL_BYTES = 63;

    private final String conninfo;
    private final ConnectOptions options;
    private final Backoff backoff;
    private final EventPublisher<ListenerEvent> events = new EventPublisher<>();
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    // Guarded by this.
    // Completes with the connection once it listens on every channel; a TuskFuture, so that
    // joining what derives from it on a loop thread fails fast instead of hanging.
    private CompletableFuture<AsyncConnection> ready = new TuskFuture<>();
    private AsyncConnection current;
    private Instant lostAt;
    private Throwable lostCause;
    private int failedAttempts;
    private boolean closed;

    private Listener(String conninfo, ConnectOptions options, Backoff backoff) {
        this.conninfo = conninfo;
        this.options = options;
        this.backoff = backoff;
    }

    /**
     * Starts a listener with default options and back-off; connects in the background.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @return the listener
     * @throws ProgrammingException if the conninfo is malformed
     */
    public static Listener start(String conninfo) {
        return start(conninfo, ConnectOptions.defaults(), Backoff.DEFAULT);
    }

    /**
     * Starts a listener with the default back-off; connects in the background.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  connection options; autocommit is turned on whatever they say
     * @return the listener
     * @throws ProgrammingException if the conninfo is malformed
     */
    public static Listener start(String conninfo, ConnectOptions options) {
        return start(conninfo, options, Backoff.DEFAULT);
    }

    /**
     * Starts a listener; connects in the background.
     *
     * <pre>{@code
     * Listener.start(dsn, ConnectOptions.defaults(),
     *         new Listener.Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), 0.2));
     * }</pre>
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  connection options; autocommit is turned on whatever they say
     * @param backoff  the delays between connection attempts
     * @return the listener
     * @throws ProgrammingException if the conninfo is malformed
     */
    public static Listener start(String conninfo, ConnectOptions options, Backoff backoff) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(backoff, "backoff");
        // A malformed conninfo never gets better: refuse it now rather than retry for ever.
        BaseConnection.resolve(conninfo, options);
        Listener l = new Listener(conninfo, options, backoff);
        l.connect();
        return l;
    }

    // ---- subscribing and channels ----------------------------------------------------------

    /**
     * The events, in order: each subscriber gets those that happen after it subscribed, as
     * its demand allows (the others wait in a queue of its own, without bound). Completes on
     * {@link #close()}; never fails.
     *
     * @return the publisher, shared by all subscribers
     */
    public Flow.Publisher<ListenerEvent> events() {
        return events;
    }

    /**
     * Listens on a channel, now and after every reconnection. The name is used as written
     * (quoted as an identifier: {@code "Orders"} is not {@code orders}), as with
     * {@link AsyncConnection#notify}.
     *
     * <pre>{@code
     * listener.listen("orders").thenRun(() -> log.info("listening"));
     * }</pre>
     *
     * @param channel the channel
     * @return completes once the server listens on it; while disconnected, once reconnected;
     *         fails with an {@link OperationalException} if the listener is closed first
     * @throws IllegalArgumentException if the name is empty, holds a NUL character or is longer
     *                                  than the server's 63 bytes
     */
    public CompletableFuture<Void> listen(String channel) {
        channelName(channel);
        synchronized (this) {
            if (closed) {
                return TuskFuture.failed(closedError());
            }
            channels.add(channel);
        }
        return onConnection(c -> c.execute(listenSql(List.of(channel))));
    }

    /**
     * Stops listening on a channel: its notifications are no longer published from now on.
     *
     * @param channel the channel, as given to {@link #listen}
     * @return completes once the server stopped listening (at once while disconnected)
     */
    public CompletableFuture<Void> unlisten(String channel) {
        Identifier name = channelName(channel);
        boolean connected;
        synchronized (this) {
            channels.remove(channel);
            connected = ready.isDone() && !closed;
        }
        if (!connected) {
            return TuskFuture.done(null);
        }
        return onConnection(c -> c.execute("UNLISTEN " + name.asString()));
    }

    /**
     * The channels listened on (or to be, once connected).
     *
     * @return a snapshot
     */
    public Set<String> channels() {
        return Set.copyOf(channels);
    }

    /**
     * Whether the connection is up and listening on every channel.
     *
     * @return true when connected
     */
    public synchronized boolean isConnected() {
        return current != null && !closed;
    }

    /**
     * Closes the connection and stops reconnecting; the subscribers complete. Pending
     * {@link #listen} futures fail. Never blocks; safe on any thread.
     */
    @Override
    public void close() {
        AsyncConnection c;
        CompletableFuture<AsyncConnection> r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = current;
            current = null;
            r = ready;
        }
        r.completeExceptionally(closedError());
        if (c != null) {
            c.close();
        }
        events.complete();
    }

    private static OperationalException closedError() {
        return new OperationalException("the listener is closed");
    }

    private static Identifier channelName(String channel) {
        Identifier name = Identifier.of(channel);
        if (channel.getBytes(StandardCharsets.UTF_8).length > MAX_CHANNEL_BYTES) {
            throw new IllegalArgumentException("a channel name has at most " + MAX_CHANNEL_BYTES
                    + " bytes (the server would truncate it): " + channel);
        }
        return name;
    }

    private static String listenSql(Iterable<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : "; ").append("LISTEN ").append(Identifier.of(n).asString());
        }
        return sb.toString();
    }

    /**
     * Runs a command on the connection once it is up; if the connection drops before the
     * command completes, runs it again on the next one.
     */
    private CompletableFuture<Void> onConnection(Function<AsyncConnection, CompletableFuture<?>> command) {
        CompletableFuture<AsyncConnection> r;
        synchronized (this) {
            r = ready;
        }
        return r.thenCompose(c -> command.apply(c).handle((v, e) -> {
            if (e == null) {
                return TuskFuture.<Void>done(null);
            }
            return c.isClosed() && !isClosedByUser() ? onConnection(command) : TuskFuture.<Void>failed(e);
        }).thenCompose(Function.identity()));
    }

    private synchronized boolean isClosedByUser() {
        return closed;
    }

    // ---- the connection's life -------------------------------------------------------------

    private void connect() {
        if (isClosedByUser()) {
            return;
        }
        AsyncConnection.connect(conninfo, options).whenComplete((c, e) -> {
            if (e != null) {
                retry(AsyncConnection.unwrap(e));
                return;
            }
            // From here on every failure closes c, and lost(c) schedules the next attempt.
            c.closeFuture().thenRun(() -> lost(c));
            if (isClosedByUser()) {
                c.close();
                return;
            }
            try {
                c.setAutocommit(true);
                c.addNotifyHandler(this::received);
                String sql = channels.isEmpty() ? "SELECT 1" : listenSql(channels);
                c.execute(sql).whenComplete((cur, err) -> {
                    if (err != null) {
                        c.close();
                    } else {
                        c.onLoop(() -> up(c));
                    }
                });
            } catch (RuntimeException setupFailed) {
                c.close();
            }
        });
    }

    /** Loop thread of {@code c}: listening again; publishes the gap, if any, before any later notification. */
    private void up(AsyncConnection c) {
        CompletableFuture<AsyncConnection> r;
        synchronized (this) {
            if (closed || c.isClosed()) {
                c.close();
                return;
            }
            current = c;
            failedAttempts = 0;
            r = ready;
        }
        publishGap();
        r.complete(c);
    }

    /** On the connection's loop thread. */
    private void received(Notify n) {
        // An UNLISTEN in flight, or a channel left while a reconnection listened on it.
        if (channels.contains(n.channel())) {
            publishGap();
            events.offer(new ListenerEvent.Notification(n));
        }
    }

    /** Publishes the pending gap, if any; on the loop thread of the new connection, so it precedes its notifications. */
    private void publishGap() {
        ListenerEvent.Gap gap;
        synchronized (this) {
            if (lostAt == null) {
                return;
            }
            gap = new ListenerEvent.Gap(lostAt, Instant.now(), lostCause);
            lostAt = null;
            lostCause = null;
        }
        events.offer(gap);
    }

    private void lost(AsyncConnection c) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (c != current) {
                // It failed while being set up: the gap, if any, was already noted.
                retry(null);
                return;
            }
            current = null;
            ready = new TuskFuture<>();
            lostAt = Instant.now();
            lostCause = c.session().failure() != null ? c.session().failure()
                    : new OperationalException("the connection was closed");
        }
        LOG.log(System.Logger.Level.WARNING, "listener connection lost (" + lostCause.getMessage() + "); reconnecting");
        retry(null);
    }

    /** Schedules the next connection attempt after the back-off delay. */
    private void retry(Throwable failure) {
        Duration delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            delay = backoff.delay(failedAttempts++);
        }
        if (failure != null) {
            LOG.log(System.Logger.Level.WARNING, "listener could not connect (" + failure.getMessage()
                    + "); next attempt in " + delay.toMillis() + " ms");
        }
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(this::connect);
    }

    /**
     * The delays between connection attempts: {@code initial} for the first, doubling up to
     * {@code max}, each shortened by a random part of up to {@code jitter} of itself, so that
     * many listeners of a restarted server do not reconnect in lockstep.
     *
     * <pre>{@code
     * new Listener.Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2)   // the default
     * }</pre>
     *
     * @param initial the first delay, positive
     * @param max     the longest delay, at least {@code initial}
     * @param jitter  the random part, from 0 (none) to 1
     */
    public record Backoff(Duration initial, Duration max, double jitter) {
        /** 100 ms doubling to 30 s, with 20% jitter. */
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2);

        /**
         * Checks the settings.
         *
         * @param initial the first delay
         * @param max     the longest delay
         * @param jitter  the random part
         * @throws IllegalArgumentException if they are out of range
         */
        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || !(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("a back-off needs 0 < initial <= max and 0 <= jitter <= 1, got "
                        + initial + ", " + max + ", " + jitter);
            }
        }

        /**
         * The delay before attempt {@code n} after a failure or a loss (0 for the first).
         *
         * @param attempt the number of attempts that failed since the last success
         * @return the delay
         */
        public Duration delay(int attempt) {
            long cap = max.toNanos();
            long base = initial.toNanos();
            for (int i = 0; i < attempt && base < cap; i++) {
                base = Math.min(cap, base * 2);
            }
            long cut = (long) (base * jitter * ThreadLocalRandom.current().nextDouble());
            return Duration.ofNanos(base - cut);
        }
    }
}
