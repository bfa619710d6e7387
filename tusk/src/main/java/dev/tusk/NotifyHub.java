package dev.tusk;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands each notification one connection receives to that connection's own sink (the blocking
 * connection's buffer, the async connection's publisher) and then to the application's
 * handlers. Runs on the thread that reads the socket, in the middle of decoding: a handler
 * that throws is logged and skipped, because an exception there would break the session.
 */
final class NotifyHub {
    private static final System.Logger LOG = System.getLogger("dev.tusk");

    private final List<Consumer<Notify>> handlers = new CopyOnWriteArrayList<>();
    private volatile Consumer<Notify> sink = n -> { };

    /** Sets where every notification goes first; the connection calls it once, when built. */
    void attach(Consumer<Notify> sink) {
        this.sink = sink;
    }

    void addHandler(Consumer<Notify> handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
    }

    boolean removeHandler(Consumer<Notify> handler) {
        return handlers.remove(handler);
    }

    void deliver(Notify n) {
        sink.accept(n);
        for (Consumer<Notify> h : handlers) {
            try {
                h.accept(n);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a notify handler failed on " + n, e);
            }
        }
    }
}
