package dev.tusk.protocol;

import dev.tusk.errors.PgException;
import dev.tusk.errors.ProtocolException;

/**
 * One unit of work queued on a {@link PgSession}: it writes its messages when submitted and
 * consumes the server's replies until it is over (usually at its {@code ReadyForQuery}; a
 * {@linkplain ExtendedQuery#pipelined pipelined statement} at its own end). Commands complete
 * in the order they were submitted; that is what makes pipelining safe.
 */
public abstract sealed class Command permits Startup, SimpleQuery, ExtendedQuery, PipelineSync {
    private boolean done;
    private PgException error;
    private Runnable completion;
    private boolean inCopyOut;
    private String commandTag;

    Command() {
    }

    /** Writes the command's messages. */
    abstract void encode(PgSession session, dev.tusk.types.ByteSink out);

    /**
     * Consumes one reply; calls {@link #finish()} when the command is over. Returns false to
     * decline the message, which the session then hands to the next pending command: only a
     * command that has just finished may decline (a pipelined statement skipped by an earlier
     * error sees its group's {@code ReadyForQuery}, which belongs to the {@link PipelineSync}).
     */
    abstract boolean handle(PgSession session, BackendMessage message);

    /**
     * Whether the command has completed, successfully or not.
     *
     * @return true once completed
     */
    public final boolean isDone() {
        return done;
    }

    /**
     * The error the command completed with, or {@code null}. After a server error the
     * command still waits for {@code ReadyForQuery}, so the connection stays in sync.
     *
     * @return the first error seen, or {@code null}
     */
    public final PgException error() {
        return error;
    }

    /**
     * The tag of the last {@code CommandComplete} the command received, e.g.
     * {@code INSERT 0 5}: for a query string of several statements, the last one's.
     *
     * @return the tag, or {@code null} when no statement completed
     */
    public final String commandTag() {
        return commandTag;
    }

    /**
     * Runs {@code r} when the command completes (immediately if it already has). Callbacks
     * run in the order they were added; drivers use them to complete futures, execution
     * listeners to time the command.
     *
     * @param r the callback
     */
    public final void onComplete(Runnable r) {
        if (done) {
            r.run();
        } else if (completion == null) {
            completion = r;
        } else {
            Runnable earlier = completion;
            completion = () -> {
                earlier.run();
                r.run();
            };
        }
    }

    /** Notes a {@code CommandComplete}: its tag is what {@link #commandTag()} reports. */
    final void recordTag(String tag) {
        commandTag = tag;
    }

    /** Records an error; the first one wins, the command goes on to its ReadyForQuery. */
    final void recordError(PgException e) {
        if (error == null) {
            error = e;
        }
    }

    final void finish() {
        if (!done) {
            done = true;
            Runnable r = completion;
            completion = null;
            if (r != null) {
                r.run();
            }
        }
    }

    /** Completes the command with a failure that ends the session (broken connection). */
    final void abort(PgException e) {
        recordError(e);
        finish();
    }

    /**
     * Handles COPY messages, which Tusk does not support yet, so that they end the statement
     * with an error instead of stalling or desynchronising the session. Returns whether the
     * message was one of them.
     */
    final boolean refuseCopy(PgSession session, BackendMessage m) {
        if (m instanceof BackendMessage.CopyResponse copy) {
            switch (copy.direction()) {
                case 'G' -> {
                    // COPY FROM STDIN would wait for data forever: refuse it so the server ends it.
                    FrontendEncoder.copyFail(session.output(), "COPY FROM STDIN is not supported by this Tusk version");
                    if (this instanceof ExtendedQuery) {
                        FrontendEncoder.sync(session.output());
                    }
                }
                case 'H' -> {
                    inCopyOut = true;
                    recordError(new dev.tusk.errors.NotSupportedException(
                            "COPY TO STDOUT is not supported by this Tusk version; its data was discarded"));
                }
                default -> throw unexpected(m);
            }
            return true;
        }
        if (inCopyOut && (m instanceof BackendMessage.CopyData || m instanceof BackendMessage.CopyDone)) {
            return true;
        }
        return false;
    }

    /** Whether COPY TO STDOUT data is being skipped; its CommandComplete ends no result. */
    final boolean endCopyOut() {
        boolean was = inCopyOut;
        inCopyOut = false;
        return was;
    }

    final ProtocolException unexpected(BackendMessage m) {
        return new ProtocolException("unexpected " + m.getClass().getSimpleName() + " message from the server during "
                + getClass().getSimpleName());
    }
}
