package dev.tusk;

import dev.tusk.protocol.Command;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.SimpleQuery;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A connection's {@link ExecutionListener}s, and the one place where its drivers report the
 * statements they send. With no listener registered, {@link #watch} returns at once and
 * nothing is allocated: the hot path pays one volatile read.
 */
final class ExecutionHooks {
    private static final System.Logger LOG = System.getLogger("dev.tusk");
    private static final ExecutionListener[] NONE = {};
    private static final AtomicLong IDS = new AtomicLong();

    private final String connection;
    // Copy-on-write: read on every statement, changed rarely.
    private volatile ExecutionListener[] listeners;

    ExecutionHooks(String connection, List<ExecutionListener> initial) {
        this.connection = connection;
        this.listeners = initial.toArray(NONE);
    }

    synchronized void add(ExecutionListener listener) {
        ExecutionListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        listeners = grown;
    }

    synchronized boolean remove(ExecutionListener listener) {
        List<ExecutionListener> list = new ArrayList<>(Arrays.asList(listeners));
        boolean removed = list.remove(listener);
        listeners = list.toArray(NONE);
        return removed;
    }

    /**
     * Reports a command handed to the driver: {@code before} now, {@code after} or
     * {@code error} when it completes. Call it before the command can complete: before it
     * is submitted when the same call also drives it (a blocking run), else right after,
     * before any reply is read.
     *
     * @return the watch, to {@link #abandon(Watch, Throwable) abandon} if submitting failed;
     *         {@code null} when nobody listens or the command is not a statement
     */
    Watch watch(Command command) {
        ExecutionListener[] ls = listeners;
        if (ls.length == 0) {
            return null;
        }
        ExecutionEvent event;
        if (command instanceof ExtendedQuery q) {
            // A statement without parameters reads the same whichever protocol carries it.
            List<Object> params = q.parameters();
            event = new ExecutionEvent(IDS.incrementAndGet(), connection, q.sql(), params.isEmpty() ? null : params);
        } else if (command instanceof SimpleQuery q) {
            event = new ExecutionEvent(IDS.incrementAndGet(), connection, q.sql(), null);
        } else {
            return null;
        }
        Watch w = new Watch(ls, event, command);
        w.tell(l -> l.before(event));
        // The clock starts after the listeners' own work (an echo writes a log line).
        w.started = System.nanoTime();
        command.onComplete(w);
        return w;
    }

    /** {@link #watch} for each command; {@code null} when nobody listens. */
    Watch[] watchAll(Command... commands) {
        if (listeners.length == 0) {
            return null;
        }
        Watch[] watches = new Watch[commands.length];
        for (int i = 0; i < commands.length; i++) {
            watches[i] = watch(commands[i]);
        }
        return watches;
    }

    /**
     * Reports the watched commands that never completed (not submitted, since submitting
     * threw) as failed with {@code cause}; {@code null} watches are skipped.
     */
    static void abandon(Watch[] watches, Throwable cause) {
        if (watches != null) {
            for (Watch w : watches) {
                abandon(w, cause);
            }
        }
    }

    /** {@link #abandon(Watch[], Throwable)} for one command. */
    static void abandon(Watch watch, Throwable cause) {
        if (watch != null && !watch.command.isDone()) {
            watch.end(cause);
        }
    }

    /** One statement in flight: its listeners (as registered when it was sent) and its start. */
    static final class Watch implements Runnable {
        private final ExecutionListener[] listeners;
        private final ExecutionEvent event;
        private final Command command;
        private long started;
        private boolean ended;

        private Watch(ExecutionListener[] listeners, ExecutionEvent event, Command command) {
            this.listeners = listeners;
            this.event = event;
            this.command = command;
        }

        /** The command completed. */
        @Override
        public void run() {
            end(command.error());
        }

        private void end(Throwable error) {
            if (ended) {
                return;
            }
            ended = true;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (error == null) {
                long rows = Result.rowCount(command.commandTag());
                tell(l -> l.after(event, rows, elapsed));
            } else {
                tell(l -> l.error(event, error, elapsed));
            }
        }

        private void tell(Consumer<ExecutionListener> call) {
            for (ExecutionListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    // A listener's bug must not fail the statement nor desynchronise the connection.
                    LOG.log(Level.WARNING, "execution listener " + l + " failed", e);
                }
            }
        }
    }
}
