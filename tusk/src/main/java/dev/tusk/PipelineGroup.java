package dev.tusk;

import dev.tusk.protocol.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements a connection sent in pipeline mode since its last sync, and what the sync
 * that ends them needs: whether a {@code BEGIN} is among them, and its time bound. Guarded by
 * the connection's lock; {@link #isEmpty()} may be read from any thread.
 */
final class PipelineGroup {
    private List<Command> commands = new ArrayList<>();
    private volatile boolean empty = true;
    private boolean beginSent;
    private Duration timeout;
    private boolean unbounded;

    /** Adds a statement sent with the given timeout ({@code null}: none). */
    void add(Command statement, Duration statementTimeout) {
        commands.add(statement);
        empty = false;
        if (statementTimeout == null) {
            unbounded = true;
        } else if (timeout == null || statementTimeout.compareTo(timeout) > 0) {
            timeout = statementTimeout;
        }
    }

    /** Whether no statement awaits a sync. */
    boolean isEmpty() {
        return empty;
    }

    /** Notes that the group opens a transaction, so later statements need no BEGIN of their own. */
    void beginSent() {
        beginSent = true;
    }

    /** Whether the group opens a transaction. */
    boolean hasBegin() {
        return beginSent;
    }

    /**
     * The bound on the sync, which covers the whole group: the longest timeout of its
     * statements, or {@code null} when one of them has none.
     */
    Duration timeout() {
        return unbounded ? null : timeout;
    }

    /** Empties the group and returns its statements, in the order they were sent. */
    List<Command> take() {
        List<Command> taken = commands;
        commands = new ArrayList<>();
        empty = true;
        beginSent = false;
        timeout = null;
        unbounded = false;
        return taken;
    }
}
