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
import java.time.Duration;
import java.util.List;

/**
 * The blocking driver: a {@link PgSession} moved by the calling thread over one socket.
 * No threads of its own; every wait is a socket read or write on the caller's thread.
 */
public final class BlockingSession implements AutoCloseable {
    /** How long a cancelled command may take to finish before the connection is given up. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
    /** Queued output from which {@link #queue} starts sending, so a long pipeline does not pile up. */
    static final int QUEUE_SEND_BYTES = 64 * 1024;

    private final SocketIo io;
    private final PgSession session;
    private final Endpoint endpoint;
    private final InetSocketAddress address;
    /** {@link SocketIo#wholeWriteLimit()}, read once. */
    private final int wholeWriteLimit;

    private BlockingSession(SocketIo io, PgSession session, Endpoint endpoint, InetSocketAddress address) {
        this.io = io;
        this.session = session;
        this.endpoint = endpoint;
        this.address = address;
        this.wholeWriteLimit = io.wholeWriteLimit();
    }

    /**
     * Connects to the first endpoint of {@code info} that accepts, in order, and completes
     * startup and authentication. A failed login ends the attempt at once (libpq does the
     * same); unreachable hosts are skipped and reported together.
     *
     * @param info           resolved connection info
     * @param preparedCache  a statement cache factory input: threshold and maximum
     * @param prepareThreshold uses before a query is prepared (negative: never)
     * @param listenerSetup  called with the session before startup (to install listeners)
     * @param waiter         where every wait on the socket goes ({@link Waiter}), or {@code null}
     *                       for plain blocking I/O
     * @return the connected session
     * @throws OperationalException listing every attempt when none succeeds
     */
    public static BlockingSession connect(ConnInfo info, int preparedCache, int prepareThreshold,
                                          java.util.function.Consumer<PgSession> listenerSetup, Waiter waiter) {
        Duration timeout = info.connectTimeout();
        ConnectAttempts attempts = new ConnectAttempts();
        TcpOptions tcp = TcpOptions.of(info);
        for (Endpoint ep : info.endpoints()) {
            List<InetSocketAddress> addresses;
            try {
                addresses = ConnectAttempts.resolve(ep);
            } catch (UnknownHostException e) {
                attempts.unresolved(ep, e);
                continue;
            }
            for (InetSocketAddress address : addresses) {
                long deadline = timeout == null ? SocketIo.NO_DEADLINE : System.nanoTime() + timeout.toNanos();
                SocketIo io;
                try {
                    io = SocketIo.connect(ep, address, deadline, tcp, waiter);
                } catch (IOException e) {
                    attempts.unreachable(ep, address, e);
                    continue;
                }
                PgSession session = new PgSession(ConnectAttempts.startupConfig(info, ep),
                        new StatementCache(prepareThreshold, preparedCache));
                listenerSetup.accept(session);
                BlockingSession bs = new BlockingSession(io, session, ep, address);
                Command startup = session.start();
                try {
                    bs.drive(startup, deadline);
                } catch (SocketIo.TimeoutIOException e) {
                    session.fail(SocketIo.lost(io.peer(), e));
                }
                if (startup.error() == null) {
                    return bs;
                }
                bs.close();
                PgException err = startup.error();
                if (err.diagnostic() != null) {
                    // The server answered and refused us: other hosts are not tried (libpq's rule).
                    throw err;
                }
                attempts.failed(ep, address, err);
            }
        }
        throw attempts.exhausted();
    }

    /**
     * Submits commands (pipelined) and moves bytes until the last one completes. Errors are
     * left on the commands; a broken connection closes the socket.
     *
     * @param timeout  how long the commands may take, {@code null} for no bound; on expiry
     *                 the server is asked to cancel and the session is drained back in sync
     * @param commands the commands, completed in order
     * @return true if the timeout expired and a cancel was sent
     */
    public boolean run(Duration timeout, Command... commands) {
        Command last = null;
        boolean cancelled = false;
        // An idle server has read everything sent before and is waiting for more.
        boolean serverIdle = !session.isBusy();
        try {
            for (Command c : commands) {
                session.submit(c);
                last = c;
            }
        } finally {
            // Whatever was submitted is driven to its end, so the connection stays in sync
            // even when a later command could not be encoded.
            if (last != null) {
                cancelled = driveOrCancel(last, timeout, serverIdle);
            }
        }
        return cancelled;
    }

    /**
     * Submits a command without waiting for it: a pipelined statement, driven to its end by
     * the {@link #run} of its group's sync. Once the queued output is large, it also sends
     * what the socket takes and reads what has arrived, waiting for neither: a long group
     * then neither piles up in memory nor leaves the server stuck on replies nobody reads.
     *
     * @param command the command
     */
    public void queue(Command command) {
        session.submit(command);
        if (session.pendingOutput().remaining() >= QUEUE_SEND_BYTES) {
            try {
                transfer(SocketIo.NO_DEADLINE, false);
                if (session.state() == PgSession.State.BROKEN) {
                    io.close();
                }
            } catch (IOException e) {
                session.fail(SocketIo.lost(io.peer(), e));
                io.close();
            }
        }
    }

    /**
     * Waits, with no command running, for whatever the server sends on its own (a
     * notification, a parameter change, a notice, or the end of the connection) and feeds it
     * to the session, whose listener hears it. Returns after one read, when the deadline
     * passes, or as soon as another thread calls {@link #wakeup()}. A lost connection breaks
     * the session and closes the socket, as during a command.
     *
     * @param deadline {@link System#nanoTime()} bound, or {@link SocketIo#NO_DEADLINE}
     */
    public void awaitUnsolicited(long deadline) {
        try {
            int n = io.readUnlessWoken(session.readBuffer(), deadline);
            if (n != 0) {
                received(n);
            }
            if (session.state() == PgSession.State.BROKEN) {
                io.close();
            }
        } catch (IOException e) {
            session.fail(SocketIo.lost(io.peer(), e));
            io.close();
        }
    }

    /** Ends an {@link #awaitUnsolicited} wait in progress, or the next one; any thread. */
    public void wakeup() {
        io.wakeup();
    }

    /** Drives to completion; past the timeout, cancels and drains. Returns whether it cancelled. */
    private boolean driveOrCancel(Command last, Duration timeout, boolean serverIdle) {
        long deadline = timeout == null ? SocketIo.NO_DEADLINE : System.nanoTime() + timeout.toNanos();
        try {
            if (serverIdle) {
                writeIfSmall(deadline);
            }
            drive(last, deadline);
            return false;
        } catch (SocketIo.TimeoutIOException expired) {
            long grace = System.nanoTime() + CANCEL_GRACE.toNanos();
            try {
                cancel(grace);
                drive(last, grace);
            } catch (IOException e) {
                session.fail(new OperationalException("the server did not finish a cancelled statement within "
                        + CANCEL_GRACE.toSeconds() + " s (" + e.getMessage() + "); the connection was closed"));
                io.close();
            }
            return true;
        }
    }

    /**
     * Asks the server to cancel whatever this session is running, over a separate connection.
     * Safe from any thread.
     *
     * @param deadline {@link System#nanoTime()} bound for the request
     * @throws IOException when the server cannot be reached in time
     */
    public void cancel(long deadline) throws IOException {
        byte[] key = session.secretKey();
        if (key != null) {
            CancelRequest.send(endpoint, address, session.processId(), key, deadline);
        }
    }

    /**
     * The common case of one short statement to an idle server: its output goes out in one
     * write and the reply comes in one read, two system calls, where {@link #drive}'s
     * read-while-writing would add a read that finds nothing. Safe only when the output fits
     * the kernel's send buffer and the server owes no earlier replies: then the write cannot
     * wait on a server that stopped reading.
     */
    private void writeIfSmall(long deadline) throws SocketIo.TimeoutIOException {
        ByteBuffer out = session.pendingOutput();
        int size = out.remaining();
        if (size == 0 || size > wholeWriteLimit) {
            return;
        }
        try {
            io.write(out, deadline);
            session.outputWritten(size);
        } catch (SocketIo.TimeoutIOException e) {
            throw e;
        } catch (IOException e) {
            session.fail(SocketIo.lost(io.peer(), e));
            io.close();
        }
    }

    private void drive(Command until, long deadline) throws SocketIo.TimeoutIOException {
        try {
            while (true) {
                if (session.hasOutput()) {
                    // Read while writing: a long pipeline provokes replies as it goes, and a
                    // server whose replies are not read stops reading, so a plain write of
                    // everything first could block both sides for ever.
                    transfer(deadline, true);
                } else if (until.isDone()) {
                    return;
                } else {
                    received(io.read(session.readBuffer(), deadline));
                }
                if (session.state() == PgSession.State.BROKEN) {
                    io.close();
                }
            }
        } catch (SocketIo.TimeoutIOException e) {
            throw e;
        } catch (IOException e) {
            session.fail(SocketIo.lost(io.peer(), e));
            io.close();
        }
    }

    /** Sends what the socket takes of the session's output and feeds it what has arrived. */
    private void transfer(long deadline, boolean wait) throws IOException {
        ByteBuffer out = session.pendingOutput();
        int before = out.position();
        int n = io.transfer(out, session.readBuffer(), deadline, wait);
        session.outputWritten(out.position() - before);
        received(n);
    }

    private void received(int n) {
        if (n < 0) {
            session.receivedEof();
        } else {
            session.received();
        }
    }

    /**
     * The session this driver moves.
     *
     * @return the session
     */
    public PgSession session() {
        return session;
    }

    /**
     * Where the socket is connected.
     *
     * @return the peer description
     */
    public String peer() {
        return io.peer();
    }

    /** Sends {@code Terminate} (best effort, without waiting on a dead peer) and closes the socket. */
    @Override
    public void close() {
        if (session.state() == PgSession.State.READY) {
            session.terminate();
            try {
                // A short bound: closing never waits on a peer that stopped reading.
                io.write(session.pendingOutput(), System.nanoTime() + 1_000_000_000L);
            } catch (IOException ignored) {
                // the socket is closed below either way
            }
        } else {
            session.terminate();
        }
        io.close();
    }
}
