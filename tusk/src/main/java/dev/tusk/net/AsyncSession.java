package dev.tusk.net;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.conninfo.Endpoint;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.PgSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event-loop driver: one {@link PgSession} moved by an {@link EventLoop} over a
 * non-blocking socket. Any thread may {@link #submit} work; the loop hands it to the session
 * in submission order, so commands issued while others are in flight are pipelined, and
 * everything submitted in one loop turn leaves in one write. The socket is always watched for
 * input, so a server that goes away is noticed at once, also while idle.
 */
public final class AsyncSession implements IoHandler {
    /** How long a cancelled command may take to finish before the connection is given up. */
    static final Duration CANCEL_GRACE = BlockingSession.CANCEL_GRACE;
    /** How often {@link #cancel} asks again while the cancelled command is still in flight. */
    static final Duration RECANCEL = Duration.ofMillis(500);
    private static final int READS_PER_TURN = 16;

    /**
     * Work for the session, run on the loop thread in submission order: it submits its
     * commands to the session (and may start their timers).
     */
    public interface Submission {
        /**
         * Submits commands. An exception fails this submission only (through {@link #abort}).
         *
         * @param session the session, on the loop thread
         */
        void submitTo(AsyncSession session);

        /**
         * The submission cannot run: the connection is closed or broken, or it threw.
         *
         * @param cause why
         */
        void abort(RuntimeException cause);
    }

    private final EventLoop loop;
    private final PgSession session;
    private final Endpoint endpoint;
    private final InetSocketAddress address;
    private final TcpOptions tcp;
    private final ConcurrentLinkedQueue<Submission> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    // Positive while a cancel request is on its way: commands issued meanwhile wait, so that
    // the cancel cannot land on them.
    private final AtomicInteger holds = new AtomicInteger();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Runnable drainTask = this::drain;
    private volatile boolean closing;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean terminateWhenIdle;

    AsyncSession(EventLoop loop, PgSession session, Endpoint endpoint, InetSocketAddress address, TcpOptions tcp) {
        this.loop = loop;
        this.session = session;
        this.endpoint = endpoint;
        this.address = address;
        this.tcp = tcp;
    }

    // ---- connecting ------------------------------------------------------------------------

    /**
     * Connects to the first endpoint of {@code info} that accepts, trying them in order, and
     * completes startup and authentication, without blocking the calling thread or a loop.
     *
     * @param info             resolved connection info
     * @param preparedMax      most prepared statements kept
     * @param prepareThreshold uses before a query is prepared (negative: never)
     * @param setup            called with the session before startup (to install listeners)
     * @param group            where the connection's loop comes from
     * @return the connected session, or an {@code OperationalException} naming every attempt
     */
    public static CompletableFuture<AsyncSession> connect(ConnInfo info, int preparedMax, int prepareThreshold,
                                                         java.util.function.Consumer<PgSession> setup,
                                                         EventLoopGroup group) {
        return AsyncConnector.connect(info, preparedMax, prepareThreshold, setup, group.next());
    }

    /**
     * Opens the socket and runs startup; the future completes when the session is ready, or
     * fails with an {@link IOException} (unreachable) or the startup's {@link PgException}.
     * Loop thread only.
     */
    CompletableFuture<Void> open(Duration timeout) {
        try {
            channel = SocketIo.open(address, tcp);
            channel.configureBlocking(false);
            key = loop.register(channel, SelectionKey.OP_CONNECT, this);
        } catch (IOException e) {
            unreachable(e);
            return opened;
        }
        Command startup = session.start();
        startup.onComplete(() -> {
            if (startup.error() == null) {
                opened.complete(null);
            } else {
                closeChannel();
                opened.completeExceptionally(startup.error());
            }
        });
        if (timeout != null) {
            EventLoop.Timer timer = loop.schedule(timeout.toNanos(), () -> {
                if (!startup.isDone()) {
                    lost(new SocketIo.TimeoutIOException("timeout expired while connecting"));
                }
            });
            opened.whenComplete((v, e) -> timer.cancel());
        }
        try {
            if (channel.connect(SocketIo.target(endpoint, address))) {
                connected();
            }
        } catch (IOException e) {
            unreachable(e);
        }
        return opened;
    }

    /** The socket could not be connected: the attempt fails with the socket's own error. */
    private void unreachable(IOException e) {
        opened.completeExceptionally(e);
        lost(e);
    }

    private void connected() throws IOException {
        channel.finishConnect();
        key.interestOps(SelectionKey.OP_READ);
        flush();
    }

    // ---- submitting ------------------------------------------------------------------------

    /**
     * Queues work for the session; any thread. Submissions run in the order they were made.
     *
     * @param submission the work
     */
    public void submit(Submission submission) {
        if (closing) {
            submission.abort(closedError());
            return;
        }
        queue.add(submission);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private OperationalException closedError() {
        PgException failure = session.failure();
        if (failure != null) {
            return new OperationalException("the connection is broken: " + failure.getMessage(), failure);
        }
        return new OperationalException("the connection is closed");
    }

    private void drain() {
        drainScheduled.set(false);
        Submission s;
        while ((s = queue.peek()) != null) {
            // Read after peek: a submission made after a hold was taken must see the hold.
            if (holds.get() > 0) {
                break;
            }
            queue.poll();
            if (session.state() != PgSession.State.READY) {
                s.abort(closedError());
                continue;
            }
            try {
                s.submitTo(this);
            } catch (RuntimeException e) {
                s.abort(e);
            }
        }
        flush();
        terminateIfIdle();
    }

    /**
     * Submits a command to the session. Loop thread only, from {@link Submission#submitTo}.
     *
     * @param command the command
     */
    public void send(Command command) {
        session.submit(command);
    }

    /**
     * Runs {@code task} on the loop after {@code delay}; loop thread only.
     *
     * @param delay the delay
     * @param task  the task
     * @return a handle that cancels the timer when run
     */
    public Runnable schedule(Duration delay, Runnable task) {
        EventLoop.Timer t = loop.schedule(delay.toNanos(), task);
        return t::cancel;
    }

    /**
     * Holds back later submissions until {@link #releaseSubmissions()}: for a command that
     * must have the connection to itself while it runs (a streamed statement's open portal).
     * Loop thread only.
     */
    public void holdSubmissions() {
        holds.incrementAndGet();
    }

    /** Ends a {@link #holdSubmissions()}. */
    public void releaseSubmissions() {
        release();
    }

    /**
     * Runs {@code task} on the loop thread, then sends what it wrote into the session; any
     * thread. For driving an in-flight command ({@code fetchMore}, {@code stop}).
     *
     * @param task the task
     */
    public void runOnLoop(Runnable task) {
        loop.execute(() -> {
            task.run();
            flush();
        });
    }

    // ---- cancelling ------------------------------------------------------------------------

    /**
     * Asks the server to cancel whatever this session runs, over a separate connection; any
     * thread. Commands issued after this call are held back until the request was delivered,
     * so it cannot cancel them.
     *
     * @return completes when the server has taken the request
     */
    public CompletableFuture<Void> cancelRunning() {
        holds.incrementAndGet();
        return sendCancelRequest().whenComplete((v, e) -> release());
    }

    /**
     * Cancels {@code command} if it is in flight; any thread. A cancel request that reaches
     * the server before its backend has started the statement is ignored there, so while the
     * command is still in flight the request is sent again every {@link #RECANCEL}. If it does
     * not finish within a grace period after the first request, the connection is closed as
     * broken: it is never left waiting on a server that stopped answering.
     *
     * @param command the command
     */
    public void cancel(Command command) {
        holds.incrementAndGet();
        loop.execute(() -> {
            if (!session.isPending(command)) {
                release();
                return;
            }
            sendCancelRequest().whenComplete((v, e) -> release());
            long giveUp = System.nanoTime() + CANCEL_GRACE.toNanos();
            loop.schedule(RECANCEL.toNanos(), () -> cancelAgain(command, giveUp));
        });
    }

    /** On the loop: {@link #cancel}'s follow-up while the command is still in flight. */
    private void cancelAgain(Command command, long giveUp) {
        if (!session.isPending(command)) {
            return;
        }
        long left = giveUp - System.nanoTime();
        if (left <= 0) {
            lost(new OperationalException("the server did not finish a cancelled statement within "
                    + CANCEL_GRACE.toSeconds() + " s; the connection was closed"));
            return;
        }
        // Held like the first request: commands issued meanwhile are sent after it.
        holds.incrementAndGet();
        sendCancelRequest().whenComplete((v, e) -> release());
        loop.schedule(Math.min(RECANCEL.toNanos(), left), () -> cancelAgain(command, giveUp));
    }

    private CompletableFuture<Void> sendCancelRequest() {
        byte[] secret = session.secretKey();
        if (secret == null || closeFuture.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        int pid = session.processId();
        return BlockingTasks.supply(() -> {
            try {
                CancelRequest.send(endpoint, address, pid, secret, System.nanoTime() + CANCEL_GRACE.toNanos());
                return null;
            } catch (IOException e) {
                throw new OperationalException("could not send the cancel request: " + e.getMessage(), e);
            }
        });
    }

    private void release() {
        holds.decrementAndGet();
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    // ---- I/O -------------------------------------------------------------------------------

    @Override
    public void ready(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                try {
                    connected();
                } catch (IOException e) {
                    unreachable(e);
                }
                return;
            }
            if (k.isReadable()) {
                readable();
            }
            if (k.isValid() && k.isWritable()) {
                flush();
            }
        } catch (IOException e) {
            lost(e);
        }
    }

    private void readable() throws IOException {
        for (int i = 0; i < READS_PER_TURN; i++) {
            ByteBuffer buf = session.readBuffer();
            int n = channel.read(buf);
            if (n < 0) {
                session.receivedEof();
                closeChannel();
                return;
            }
            if (n == 0) {
                break;
            }
            session.received();
            if (session.state() == PgSession.State.BROKEN) {
                closeChannel();
                return;
            }
            if (buf.hasRemaining()) {
                break;
            }
        }
        // Startup answers, and commands that write as they go, left output behind.
        flush();
        terminateIfIdle();
    }

    private void flush() {
        if (channel == null || !channel.isOpen() || !channel.isConnected()) {
            return;
        }
        try {
            if (session.hasOutput()) {
                session.outputWritten(channel.write(session.pendingOutput()));
            }
            int ops = session.hasOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        } catch (IOException e) {
            lost(e);
        }
    }

    private void lost(IOException e) {
        lost(SocketIo.lost(peer(), e));
    }

    private void lost(PgException cause) {
        session.fail(cause);
        closeChannel();
    }

    @Override
    public void loopClosed() {
        lost(new OperationalException("the event loop of this connection was shut down"));
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Closes once the commands submitted so far have completed; any thread. Later submissions
     * are refused at once.
     *
     * @return {@link #closeFuture()}
     */
    public CompletableFuture<Void> closeGracefully() {
        Submission marker = new Submission() {
            @Override
            public void submitTo(AsyncSession s) {
                terminateWhenIdle = true;
            }

            @Override
            public void abort(RuntimeException cause) {
                loop.execute(AsyncSession.this::closeChannel);
            }
        };
        submit(marker);
        closing = true;
        return closeFuture;
    }

    /**
     * Closes now; any thread. Commands in flight fail with an {@link OperationalException}.
     *
     * @return {@link #closeFuture()}
     */
    public CompletableFuture<Void> closeNow() {
        closing = true;
        loop.execute(() -> {
            terminateWhenIdle = true;
            terminate();
        });
        return closeFuture;
    }

    private void terminateIfIdle() {
        if (terminateWhenIdle && !session.isBusy() && queue.isEmpty()) {
            terminate();
        }
    }

    private void terminate() {
        if (closeFuture.isDone()) {
            return;
        }
        session.terminate();
        // One non-blocking attempt: closing never waits on a peer that stopped reading.
        flush();
        closeChannel();
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already unusable
            }
        }
        if (session.state() == PgSession.State.READY || session.state() == PgSession.State.STARTING) {
            session.fail(new OperationalException("the connection was closed"));
        }
        closing = true;
        Submission s;
        while ((s = queue.poll()) != null) {
            s.abort(closedError());
        }
        closeFuture.complete(null);
    }

    // ---- information -----------------------------------------------------------------------

    /**
     * Completes when the socket is closed, for whatever reason (closed by the application,
     * the server went away, a protocol failure). Never completes exceptionally.
     *
     * @return the future
     */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /**
     * The session this driver moves; read its state from any thread, drive it only from
     * {@link Submission#submitTo}.
     *
     * @return the session
     */
    public PgSession session() {
        return session;
    }

    /**
     * The loop this session lives on.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Where the socket connects to.
     *
     * @return the peer description
     */
    public String peer() {
        return SocketIo.peer(endpoint, address);
    }
}
