package dev.tusk.net;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.conninfo.Endpoint;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.PgSession;
import dev.tusk.protocol.StatementCache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The caller-driven driver: a {@link PgSession} moved one non-blocking {@link #step()} at a
 * time by whoever owns the waiting (libpq's {@code PQconnectPoll} and {@code PQconsumeInput}).
 * It has no threads and never blocks: a step sends what the socket takes, reads what has
 * arrived, processes it, and says which readiness of {@link #channel()} to wait for next.
 *
 * <p>Connecting tries the endpoints and their addresses in order, as the other drivers do.
 * A host name is resolved on a {@link BlockingTasks} thread (the JDK's resolver blocks), and
 * meanwhile {@link #channel()} is the read end of a pipe that becomes readable when the
 * answer is in; the channel therefore changes while connecting. {@code connect_timeout}
 * bounds each attempt and is checked by every step; {@link #remainingTimeout()} tells the
 * caller how long it may wait before stepping again. One thread at a time.
 */
public final class PollingSession implements AutoCloseable {
    /** The most one step reads, so that one busy connection cannot monopolise the caller's loop. */
    static final int READ_BUDGET = 1 << 20;
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+|.*:.*");

    private final ConnInfo info;
    private final int preparedMax;
    private final int prepareThreshold;
    private final Consumer<PgSession> setup;
    private final TcpOptions tcp;
    private final Duration timeout;
    private final Iterator<Endpoint> endpoints;
    private final ConnectAttempts attempts = new ConnectAttempts();
    private Endpoint endpoint;
    private Iterator<InetSocketAddress> addresses = List.<InetSocketAddress>of().iterator();
    private InetSocketAddress address;
    private Resolution resolution;
    private SocketChannel channel;
    private PgSession session;
    private Command startup;
    private long deadline;
    private boolean connected;
    private PgException connectFailure;

    private PollingSession(ConnInfo info, int preparedMax, int prepareThreshold, Consumer<PgSession> setup) {
        this.info = info;
        this.preparedMax = preparedMax;
        this.prepareThreshold = prepareThreshold;
        this.setup = setup;
        this.tcp = TcpOptions.of(info);
        this.timeout = info.connectTimeout();
        this.endpoints = info.endpoints().iterator();
        // Not started: it only answers the connection's state questions until the first attempt.
        this.session = new PgSession(null, new StatementCache(prepareThreshold, preparedMax));
    }

    /**
     * Prepares a connection without any I/O; {@link #step()} makes it.
     *
     * @param info             resolved connection info
     * @param preparedMax      most statements kept prepared
     * @param prepareThreshold uses before a query is prepared (negative: never)
     * @param setup            called with each attempt's session before startup (to install listeners)
     * @return the session driver, not yet connected
     */
    public static PollingSession start(ConnInfo info, int preparedMax, int prepareThreshold,
                                       Consumer<PgSession> setup) {
        return new PollingSession(info, preparedMax, prepareThreshold, setup);
    }

    /**
     * Makes one non-blocking step: while connecting, advances the attempt (moving on to the
     * next address or host when one fails); once connected, sends what the socket takes and
     * processes what has arrived.
     *
     * @return the {@link SelectionKey} interest ops to wait for on {@link #channel()}:
     *         {@code OP_CONNECT} while a socket connect is pending, {@code OP_WRITE} (with
     *         {@code OP_READ} when replies are also due) while output is pending, {@code OP_READ}
     *         while a command awaits its results, 0 when nothing is in flight
     * @throws OperationalException when no attempt to connect succeeded
     * @throws PgException          the server's error when it refused the login; every later
     *                              step throws the same error again
     */
    public int step() {
        if (connectFailure != null) {
            throw connectFailure;
        }
        if (connected) {
            return transfer();
        }
        try {
            return connecting();
        } catch (PgException e) {
            connectFailure = e;
            session.fail(e);
            throw e;
        }
    }

    private int connecting() {
        while (true) {
            if (resolution != null) {
                if (!resolution.isDone()) {
                    return SelectionKey.OP_READ;
                }
                Resolution r = resolution;
                resolution = null;
                r.close();
                addressesOf(r);
            } else if (channel == null) {
                if (!nextAttempt()) {
                    throw attempts.exhausted();
                }
                if (resolution != null) {
                    // The answer comes through the pipe, even when it is already in.
                    return SelectionKey.OP_READ;
                }
            } else if (startup == null) {
                if (!finishConnect()) {
                    return SelectionKey.OP_CONNECT;
                }
            } else {
                int ops = transfer();
                if (startup.isDone()) {
                    if (startup.error() == null) {
                        connected = true;
                        return ops;
                    }
                    closeChannel();
                    PgException err = startup.error();
                    if (err.diagnostic() != null) {
                        // The server answered and refused us: other hosts are not tried (libpq's rule).
                        throw err;
                    }
                    attempts.failed(endpoint, address, err);
                } else if (expired()) {
                    session.fail(SocketIo.lost(peer(), timedOut()));
                } else {
                    return ops;
                }
            }
        }
    }

    /** Opens the socket to the next address, or starts resolving the next host; false when none is left. */
    private boolean nextAttempt() {
        while (!addresses.hasNext()) {
            if (!endpoints.hasNext()) {
                return false;
            }
            endpoint = endpoints.next();
            if (endpoint.isUnixSocket() || endpoint.hostaddr() != null
                    || NUMERIC_HOST.matcher(endpoint.host()).matches()) {
                // A socket path or a numeric address needs no lookup: resolving it cannot block.
                try {
                    addresses = ConnectAttempts.resolve(endpoint).iterator();
                } catch (UnknownHostException e) {
                    attempts.unresolved(endpoint, e);
                }
            } else {
                resolution = Resolution.start(endpoint);
                return true;
            }
        }
        address = addresses.next();
        deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        session = new PgSession(ConnectAttempts.startupConfig(info, endpoint),
                new StatementCache(prepareThreshold, preparedMax));
        setup.accept(session);
        startup = null;
        try {
            channel = SocketIo.open(address, tcp);
            channel.configureBlocking(false);
            if (channel.connect(SocketIo.target(endpoint, address))) {
                startup = session.start();
            }
        } catch (IOException e) {
            unreachable(e);
        }
        return true;
    }

    private void addressesOf(Resolution r) {
        try {
            addresses = r.addresses().iterator();
        } catch (UnknownHostException e) {
            attempts.unresolved(r.endpoint, e);
        }
    }

    /** Whether the pending socket connect completed; a failure or expiry moves on. */
    private boolean finishConnect() {
        try {
            if (channel.finishConnect()) {
                startup = session.start();
                return true;
            }
            if (expired()) {
                unreachable(timedOut());
            }
        } catch (IOException e) {
            unreachable(e);
        }
        // When the attempt failed the channel is gone and the caller's loop tries the next one.
        return channel == null;
    }

    private void unreachable(IOException e) {
        attempts.unreachable(endpoint, address, e);
        closeChannel();
    }

    private boolean expired() {
        return System.nanoTime() - deadline > 0;
    }

    private SocketIo.TimeoutIOException timedOut() {
        return new SocketIo.TimeoutIOException("timeout expired while connecting");
    }

    /** Sends and reads without blocking until neither moves; the interest ops for what remains. */
    private int transfer() {
        if (channel == null) {
            return 0;
        }
        int budget = READ_BUDGET;
        try {
            boolean moved = true;
            while (moved && session.state() != PgSession.State.BROKEN) {
                moved = false;
                if (session.hasOutput()) {
                    int n = SocketIo.writeChunk(channel, session.pendingOutput());
                    session.outputWritten(n);
                    moved = n > 0;
                }
                if (budget > 0) {
                    int n = channel.read(session.readBuffer());
                    if (n < 0) {
                        session.receivedEof();
                    } else if (n > 0) {
                        session.received();
                        budget -= n;
                        moved = true;
                    }
                }
            }
        } catch (IOException e) {
            session.fail(SocketIo.lost(peer(), e));
        }
        if (session.state() == PgSession.State.BROKEN) {
            closeChannel();
            return 0;
        }
        if (session.hasOutput()) {
            // Also read meanwhile: a server whose replies are not read may stop reading too.
            return SelectionKey.OP_WRITE | (session.isBusy() ? SelectionKey.OP_READ : 0);
        }
        return session.isBusy() ? SelectionKey.OP_READ : 0;
    }

    /**
     * The channel to wait on: the socket, or while a host name is being resolved, a pipe that
     * becomes readable with the answer. It changes while connecting; {@code null} once the
     * connection failed or was closed.
     *
     * @return the channel
     */
    public SelectableChannel channel() {
        return resolution != null ? resolution.pipe.source() : channel;
    }

    /**
     * How long the caller may wait before it must step again even if the channel stays idle:
     * what is left of the current connection attempt's {@code connect_timeout}.
     *
     * @return the time left, or {@code null} when there is no bound (connected, or no timeout)
     */
    public Duration remainingTimeout() {
        if (connected || timeout == null || resolution != null || channel == null) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Whether startup completed: commands can be submitted.
     *
     * @return true once connected
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * The session of the current attempt (the connected one once {@link #isConnected()}).
     *
     * @return the session
     */
    public PgSession session() {
        return session;
    }

    /**
     * Queues a command; the next steps send it.
     *
     * @param command the command
     */
    public void submit(Command command) {
        session.submit(command);
    }

    /**
     * Asks the server to cancel what the session runs, over a connection of its own. This
     * one call blocks, up to {@code deadline} (as libpq's {@code PQcancel} does).
     *
     * @param deadline {@link System#nanoTime()} bound for the request
     * @throws IOException when the server cannot be reached in time
     */
    public void cancel(long deadline) throws IOException {
        byte[] key = session.secretKey();
        if (connected && key != null) {
            CancelRequest.send(endpoint, address, session.processId(), key, deadline);
        }
    }

    /**
     * Breaks the session with {@code cause} and closes the socket.
     *
     * @param cause why the connection is given up
     */
    public void fail(PgException cause) {
        session.fail(cause);
        closeChannel();
    }

    /**
     * Where the socket is connected.
     *
     * @return the peer description, or {@code null} before an address was chosen
     */
    public String peer() {
        return endpoint == null ? null : SocketIo.peer(endpoint, address);
    }

    /** Sends {@code Terminate} if the socket takes it at once, and closes everything. Never blocks. */
    @Override
    public void close() {
        boolean ready = session.state() == PgSession.State.READY;
        session.terminate();
        if (ready && channel != null) {
            try {
                ByteBuffer out = session.pendingOutput();
                channel.write(out);
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        closeChannel();
        if (resolution != null) {
            resolution.close();
            resolution = null;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            channel = null;
        }
    }

    /** A host name lookup on a blocking-task thread that signals its end through a pipe. */
    private static final class Resolution {
        final Endpoint endpoint;
        final Pipe pipe;
        final CompletableFuture<List<InetSocketAddress>> result;

        private Resolution(Endpoint endpoint, Pipe pipe, CompletableFuture<List<InetSocketAddress>> result) {
            this.endpoint = endpoint;
            this.pipe = pipe;
            this.result = result;
        }

        static Resolution start(Endpoint endpoint) {
            Pipe pipe;
            try {
                pipe = Pipe.open();
                pipe.source().configureBlocking(false);
            } catch (IOException e) {
                throw new OperationalException("could not open a pipe to wait for name resolution: " + e.getMessage(), e);
            }
            CompletableFuture<List<InetSocketAddress>> result = BlockingTasks.supply(() -> {
                try {
                    return ConnectAttempts.resolve(endpoint);
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            });
            result.whenComplete((v, e) -> {
                try {
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException ignored) {
                    // the connection was closed meanwhile
                }
            });
            return new Resolution(endpoint, pipe, result);
        }

        boolean isDone() {
            return result.isDone();
        }

        List<InetSocketAddress> addresses() throws UnknownHostException {
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UnknownHostException u) {
                    throw u;
                }
                throw e;
            }
        }

        void close() {
            try {
                pipe.source().close();
                pipe.sink().close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
