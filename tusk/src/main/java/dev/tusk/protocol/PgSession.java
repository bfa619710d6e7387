package dev.tusk.protocol;

import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.ProtocolException;
import dev.tusk.protocol.BackendMessage.*;
import dev.tusk.types.ByteSink;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sans-IO PostgreSQL session: bytes in, bytes out, commands completed in order. It never
 * touches a socket, a thread or a clock; a driver moves the bytes:
 *
 * <pre>{@code
 * PgSession s = new PgSession(config, new StatementCache(5, 100));
 * s.start();
 * while (!startup.isDone()) {
 *     channel.write(s.pendingOutput()); s.outputWritten(n);   // flush what the session wrote
 *     channel.read(s.readBuffer()); s.received();             // feed what the server sent
 * }
 * }</pre>
 *
 * Commands submitted while others are in flight are encoded at once (pipelining); replies
 * are matched to commands in submission order. {@linkplain ExtendedQuery#pipelined Pipelined
 * statements} go without a {@code Sync} of their own and form a group that a
 * {@link PipelineSync} ends; while a group is open only more of them, or its
 * {@code PipelineSync}, may be submitted. Malformed input, an unexpected message or
 * the end of the stream breaks the session: every pending command fails with the cause and
 * later submissions are refused. One driver thread at a time moves it; its state, parameters
 * and keys may be read from any thread.
 */
public final class PgSession {

    /** Where the session is in its life. */
    public enum State {
        /** Created; {@link #start()} not yet called. */
        NEW,
        /** Startup and authentication in progress. */
        STARTING,
        /** Ready for commands (possibly with commands in flight). */
        READY,
        /** Failed: the connection must be closed. */
        BROKEN,
        /** Terminated by the client. */
        CLOSED
    }

    private final StartupConfig config;
    private final StatementCache statements;
    private final MessageFramer input = new MessageFramer();
    private final ByteSink output = new ByteSink(8192);
    // How much of the start of output the driver has sent: dropped lazily, see outputWritten.
    private int sent;
    private final ArrayDeque<Command> pending = new ArrayDeque<>();
    // Pipelined statements were submitted since the last PipelineSync.
    private boolean groupOpen;
    // Written by the driving thread, read by any thread (Connection's info methods).
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private SessionListener listener = new SessionListener() { };
    private volatile State state = State.NEW;
    private volatile TransactionState transactionState = TransactionState.IDLE;
    private volatile PgException failure;
    private PgException fatalFromServer;
    private volatile int processId;
    private volatile byte[] secretKey;
    private volatile int protocolMinor;

    /**
     * Creates a session.
     *
     * @param config     what to send at startup
     * @param statements the prepared statement cache to use
     */
    public PgSession(StartupConfig config, StatementCache statements) {
        this.config = config;
        this.statements = statements;
    }

    /**
     * Sets who hears notices, notifications and parameter changes.
     *
     * @param listener the listener
     */
    public void setListener(SessionListener listener) {
        this.listener = listener;
    }

    /**
     * Writes the startup message and returns the command that completes when the session is
     * ready (or fails with the server's authentication error).
     *
     * @return the startup command
     */
    public Command start() {
        if (state != State.NEW) {
            throw new IllegalStateException("session already started");
        }
        state = State.STARTING;
        Startup startup = new Startup(config);
        enqueue(startup);
        return startup;
    }

    /**
     * Queues a command and writes its messages.
     *
     * @param command the command
     * @throws OperationalException if the session is broken or closed
     * @throws IllegalStateException if a pipeline group is open and the command neither
     *                               joins it nor ends it
     */
    public void submit(Command command) {
        if (state != State.READY && state != State.STARTING) {
            throw closedError();
        }
        enqueue(command);
    }

    private void enqueue(Command command) {
        boolean pipelined = command instanceof ExtendedQuery q && q.isPipelined();
        if (groupOpen && !pipelined && !(command instanceof PipelineSync)) {
            // The server would skip it after an error in the group, and a Query would never
            // be answered at all: the group must be closed first.
            throw new IllegalStateException("a pipeline group is open: submit a PipelineSync before "
                    + command.getClass().getSimpleName());
        }
        int mark = output.size();
        try {
            command.encode(this, output);
        } catch (RuntimeException e) {
            // A value that cannot be encoded must not leave half a message behind.
            output.truncate(mark);
            throw e;
        }
        pending.addLast(command);
        groupOpen = pipelined;
    }

    private OperationalException closedError() {
        if (state == State.BROKEN) {
            return new OperationalException("the connection is broken: " + failure.getMessage(), failure);
        }
        return new OperationalException("the connection is closed");
    }

    /**
     * Writes {@code Terminate}; the driver flushes it and closes the socket.
     */
    public void terminate() {
        if (state == State.READY || state == State.STARTING) {
            FrontendEncoder.terminate(output);
        }
        if (state != State.BROKEN) {
            state = State.CLOSED;
        }
        failPending(new OperationalException("the connection was closed"));
    }

    /**
     * The buffer the driver reads server bytes into (position/limit mark the free space).
     * Call {@link #received()} after reading.
     *
     * @return the buffer
     */
    public ByteBuffer readBuffer() {
        return input.readBuffer();
    }

    /**
     * Processes what was read into {@link #readBuffer()}: decodes every complete message and
     * advances the commands. Never throws for bad input: the session breaks instead.
     */
    public void received() {
        input.commitRead();
        process();
    }

    /**
     * Feeds bytes from an array (tests and drivers that already hold the bytes).
     *
     * @param bytes the bytes
     * @param off   first byte
     * @param len   number of bytes
     */
    public void receive(byte[] bytes, int off, int len) {
        input.append(bytes, off, len);
        process();
    }

    private void process() {
        try {
            BackendMessage m;
            while (state != State.BROKEN && (m = input.next()) != null) {
                dispatch(m);
            }
        } catch (PgException e) {
            fail(e);
        } catch (RuntimeException e) {
            // Messages that are well-formed but make no sense together (rows before their
            // description, say) must break the session like garbage does, never escape half-done.
            fail(new ProtocolException("unexpected message sequence from the server: " + e, e));
        }
    }

    /**
     * The server closed the connection. Pending commands fail with the server's last fatal
     * error when it sent one (e.g. {@code AdminShutdown}), else with an operational error.
     */
    public void receivedEof() {
        if (state == State.CLOSED) {
            return;
        }
        PgException cause = fatalFromServer;
        if (cause == null) {
            String partial = input.pending() > 0 ? " in the middle of a message" : "";
            cause = new OperationalException("server closed the connection unexpectedly" + partial
                    + ": the server process may have terminated abnormally");
        }
        fail(cause);
    }

    /**
     * Breaks the session after an I/O failure in the driver; pending commands fail with it.
     *
     * @param cause what went wrong
     */
    public void fail(PgException cause) {
        if (state == State.BROKEN || state == State.CLOSED) {
            failPending(cause);
            return;
        }
        state = State.BROKEN;
        failure = cause;
        failPending(cause);
    }

    private void failPending(PgException cause) {
        Command c;
        while ((c = pending.pollFirst()) != null) {
            c.abort(cause);
        }
    }

    private void dispatch(BackendMessage m) {
        if (m instanceof ParameterStatus ps) {
            parameters.put(ps.name(), ps.value());
            listener.onParameterStatus(ps.name(), ps.value());
            return;
        }
        if (m instanceof NoticeResponse n) {
            listener.onNotice(n.diagnostic());
            return;
        }
        if (m instanceof NotificationResponse n) {
            listener.onNotification(n.processId(), n.channel(), n.payload());
            return;
        }
        if (m instanceof ErrorResponse e && isFatal(e)) {
            // The server is about to close the connection (shutdown, terminated backend):
            // keep the reason for whoever is waiting when the stream ends.
            fatalFromServer = ServerErrors.toException(e.diagnostic());
        }
        if (m instanceof ReadyForQuery r) {
            transactionState = r.status();
            if (state == State.STARTING) {
                state = State.READY;
            }
        }
        boolean consumed;
        do {
            // A command that declines the message has finished: the next one may take it
            // (the ReadyForQuery of a pipeline group passes every statement it skipped).
            Command head = pending.peekFirst();
            if (head == null) {
                if (fatalFromServer != null && m instanceof ErrorResponse) {
                    // Nobody waits for it, and the server closes the connection next: it is
                    // lost now, not at the end of the stream, which may come in a later read.
                    fail(fatalFromServer);
                    return;
                }
                throw new ProtocolException("unexpected " + m.getClass().getSimpleName()
                        + " message from the server while no command is pending");
            }
            consumed = head.handle(this, m);
            if (head.isDone()) {
                pending.pollFirst();
            }
        } while (!consumed);
    }

    private static boolean isFatal(ErrorResponse e) {
        String sev = e.diagnostic().severityNonlocalized();
        if (sev == null) {
            sev = e.diagnostic().severity();
        }
        return "FATAL".equals(sev) || "PANIC".equals(sev);
    }

    /**
     * Whether the session has bytes for the server.
     *
     * @return true if {@link #pendingOutput()} is not empty
     */
    public boolean hasOutput() {
        return output.size() > sent;
    }

    /**
     * The bytes to send, as a buffer view from its position to its limit (do not keep it
     * across calls; its position need not be 0: count what a write moves, as {@code write}
     * returns it).
     *
     * @return the pending output
     */
    public ByteBuffer pendingOutput() {
        return output.asByteBuffer(sent);
    }

    /**
     * Takes note that the driver sent the first {@code n} bytes of the pending output.
     *
     * @param n bytes written
     */
    public void outputWritten(int n) {
        sent += n;
        if (sent >= output.size()) {
            output.clear();
            sent = 0;
        } else if (sent >= output.size() / 2) {
            // Dropping sent bytes copies the rest down; doing it only once they are the larger
            // part keeps a long output written in small pieces linear, not quadratic.
            output.discard(sent);
            sent = 0;
        }
    }

    ByteSink output() {
        return output;
    }

    StatementCache statements() {
        return statements;
    }

    void setBackendKey(int pid, byte[] key) {
        this.processId = pid;
        this.secretKey = key;
    }

    void setProtocolMinor(int minor) {
        this.protocolMinor = minor;
    }

    /**
     * The session's state.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Whether commands are in flight.
     *
     * @return true if any command awaits its completion
     */
    public boolean isBusy() {
        return !pending.isEmpty();
    }

    /**
     * Whether {@code command} was submitted and has not completed yet.
     *
     * @param command the command
     * @return true while it is in flight
     */
    public boolean isPending(Command command) {
        return pending.contains(command);
    }

    /**
     * The number of commands in flight.
     *
     * @return the count
     */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * The transaction status from the last {@code ReadyForQuery}.
     *
     * @return the status
     */
    public TransactionState transactionState() {
        return transactionState;
    }

    /**
     * The failure that broke the session, or {@code null}.
     *
     * @return the failure
     */
    public PgException failure() {
        return failure;
    }

    /**
     * The backend's process id from {@code BackendKeyData}.
     *
     * @return the pid, 0 before startup completes
     */
    public int processId() {
        return processId;
    }

    /**
     * The cancel key from {@code BackendKeyData}.
     *
     * @return a copy of the key, or {@code null} before startup completes
     */
    public byte[] secretKey() {
        return secretKey == null ? null : secretKey.clone();
    }

    /**
     * The protocol version in use, as {@code major * 10000 + minor} (30000 for 3.0).
     *
     * @return the version
     */
    public int protocolVersion() {
        return 30000 + protocolMinor;
    }

    /**
     * A run-time parameter as last reported by the server ({@code server_version},
     * {@code TimeZone}, {@code integer_datetimes}, ...).
     *
     * @param name the parameter
     * @return its value, or {@code null} if never reported
     */
    public String parameter(String name) {
        return parameters.get(name);
    }
}
