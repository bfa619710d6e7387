package dev.tusk;

import dev.tusk.errors.Diagnostic;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A connection's notices: the last {@value #KEPT} as text (aiopg's {@code conn.notices}), and
 * the handlers that receive each as a {@link Diagnostic} (psycopg 3's notice handlers). Fed on
 * the thread that reads the connection; read from any thread.
 */
final class NoticeLog {
    /** aiopg keeps the last 50, so that a chatty server cannot fill the heap. */
    static final int KEPT = 50;
    private static final System.Logger LOG = System.getLogger("dev.tusk");

    private final ArrayDeque<String> last = new ArrayDeque<>(KEPT);
    private final List<Consumer<Diagnostic>> handlers = new CopyOnWriteArrayList<>();

    void addHandler(Consumer<Diagnostic> handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
    }

    boolean removeHandler(Consumer<Diagnostic> handler) {
        return handlers.remove(handler);
    }

    void deliver(Diagnostic notice) {
        synchronized (last) {
            if (last.size() == KEPT) {
                last.removeFirst();
            }
            // psycopg 2's (and aiopg's) text: severity, two spaces, the message, a newline.
            last.addLast(notice.severity() + ":  " + notice.messagePrimary() + "\n");
        }
        for (Consumer<Diagnostic> h : handlers) {
            try {
                h.accept(notice);
            } catch (RuntimeException e) {
                // A handler's bug must not break the read that delivered the notice.
                LOG.log(System.Logger.Level.WARNING, "a notice handler failed on " + notice.messagePrimary(), e);
            }
        }
    }

    List<String> snapshot() {
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
