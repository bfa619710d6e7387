package dev.tusk.examples;

import dev.tusk.AsyncConnection;
import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Listener;
import dev.tusk.ListenerEvent;
import dev.tusk.Notifies;
import dev.tusk.Notify;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Seed 002's LISTEN/NOTIFY snippets (psycopg 3's "Asynchronous notifications"), in Java, and
 * their asynchronous and reconnecting counterparts. Each returns what the Python prints, so a
 * test can check it; {@code whileListening} stands for the other session (psql in the docs)
 * that sends the notifications once the example listens.
 */
public final class NotifyExamples {
    private NotifyExamples() {
    }

    /**
     * Seed 002, the notifies generator stopped by a payload:
     * <pre>
     * conn = psycopg.connect("", autocommit=True)
     * conn.execute("LISTEN mychan")
     * gen = conn.notifies()
     * for notify in gen:
     *     print(notify)
     *     if notify.payload == "stop":
     *         gen.close()
     * print("there, I stopped")
     * </pre>
     *
     * @param dsn            where to connect
     * @param whileListening sends notifications to {@code mychan}, one of them "stop"
     * @return the printed lines
     */
    public static List<String> stopOnPayload(String dsn, Runnable whileListening) {
        List<String> printed = new CopyOnWriteArrayList<>();
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            conn.execute("LISTEN mychan");
            whileListening.run();
            Notifies gen = conn.notifies();
            for (Notify notify : gen) {
                printed.add(notify.toString());
                if (notify.payload().equals("stop")) {
                    gen.close();
                }
            }
            printed.add("there, I stopped");
        }
        return printed;
    }

    /**
     * Seed 002, a notify handler, which psycopg runs when the connection next reads:
     * <pre>
     * conn.add_notify_handler(lambda n: print(f"got this: {n}"))
     * # meanwhile, in psql: NOTIFY mychan, 'hey';
     * conn.execute("SELECT 1")
     * </pre>
     *
     * @param dsn            where to connect
     * @param whileListening sends notifications to {@code mychan}
     * @return the printed lines
     */
    public static List<String> handlerDuringAQuery(String dsn, Runnable whileListening) {
        List<String> printed = new CopyOnWriteArrayList<>();
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            conn.execute("LISTEN mychan");
            conn.addNotifyHandler(n -> printed.add("got this: " + n));
            whileListening.run();
            conn.execute("SELECT 1");
        }
        return printed;
    }

    /**
     * The same handler on an {@link AsyncConnection}, where it runs as soon as the notification
     * arrives: no query is needed (aiopg's model, not psycopg's).
     *
     * @param dsn     where to connect
     * @param handler what to call with each notification (on the loop thread: keep it short)
     * @return the listening connection, for the caller to close
     */
    public static CompletableFuture<AsyncConnection> asyncHandler(String dsn, Consumer<Notify> handler) {
        return AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true).build())
                .thenCompose(conn -> {
                    conn.addNotifyHandler(handler);
                    return conn.execute("LISTEN mychan").thenApply(cur -> conn);
                });
    }

    /**
     * A {@link Listener} that stays subscribed across reconnections: it hands the payloads to
     * {@code onPayload} and calls {@code onGap} whenever notifications may have been missed,
     * where an application would reload its state.
     *
     * @param dsn       where to connect
     * @param onPayload what to do with a payload
     * @param onGap     what to do after a gap
     * @return the listener, already listening on {@code mychan}
     */
    public static Listener resilient(String dsn, Consumer<String> onPayload, Runnable onGap) {
        Listener listener = Listener.start(dsn);
        listener.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ListenerEvent e) {
                if (e instanceof ListenerEvent.Notification n) {
                    onPayload.accept(n.payload());
                } else if (e instanceof ListenerEvent.Gap) {
                    onGap.run();
                }
            }

            @Override
            public void onError(Throwable t) {
                // a Listener's events never fail
            }

            @Override
            public void onComplete() {
                // closed
            }
        });
        listener.listen("mychan").join();
        return listener;
    }
}
