package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.OperationalException;
import dev.tusk.net.Waiter;
import dev.tusk.sql.Identifier;
import dev.tusk.sql.Sql;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** LISTEN/NOTIFY on the blocking {@link Connection}: {@code notifies()}, handlers, {@code notify()}. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifyTest {
    private static final ConnectOptions AUTOCOMMIT = ConnectOptions.builder().autocommit(true).build();
    private final String dsn;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Connection conn;
    private Connection sender;

    NotifyTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = Connection.connect(dsn, AUTOCOMMIT);
        sender = Connection.connect(dsn, AUTOCOMMIT);
        conn.execute("LISTEN mychan");
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        conn.close();
        sender.close();
    }

    @Test
    void seed002IteratesUntilTheStopPayloadClosesTheGenerator() throws Exception {
        Future<?> sending = threads.submit(() -> {
            pause(100);
            for (String p : List.of("hello", "world", "stop", "after stop")) {
                sender.notify("mychan", p);
            }
        });
        List<String> printed = new ArrayList<>();
        Notifies gen = conn.notifies();
        for (Notify notify : gen) {
            printed.add(notify.payload());
            assertThat(notify.channel()).isEqualTo("mychan");
            assertThat(notify.pid()).isEqualTo(sender.backendPid());
            if (notify.payload().equals("stop")) {
                gen.close();
            }
        }
        printed.add("there, I stopped");
        sending.get(10, TimeUnit.SECONDS);
        assertThat(printed).containsExactly("hello", "world", "stop", "there, I stopped");
        // What came after the stop stays buffered for the next iteration.
        try (Notifies next = conn.notifies(Duration.ofSeconds(10), 1)) {
            assertThat(next.next().payload()).isEqualTo("after stop");
        }
    }

    @Test
    void aTimeoutEndsTheIterationAndStopAfterEndsItAfterThatMany() {
        long start = System.nanoTime();
        try (Notifies gen = conn.notifies(Duration.ofMillis(300))) {
            assertThat(gen.hasNext()).isFalse();
            assertThatThrownBy(gen::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));

        for (int i = 0; i < 5; i++) {
            sender.notify("mychan", "n" + i);
        }
        List<String> got = new ArrayList<>();
        conn.notifies(Duration.ofSeconds(10), 3).forEach(n -> got.add(n.payload()));
        assertThat(got).containsExactly("n0", "n1", "n2");
        conn.notifies(Duration.ofMillis(300)).forEach(n -> got.add(n.payload()));
        assertThat(got).containsExactly("n0", "n1", "n2", "n3", "n4");
        assertThatThrownBy(() -> conn.notifies(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTheIteratorFromAnotherThreadWakesItAtOnce() throws Exception {
        Notifies gen = conn.notifies();
        Future<Boolean> waiting = threads.submit(gen::hasNext);
        pause(200);
        assertThat(waiting.isDone()).isFalse();
        long start = System.nanoTime();
        gen.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        // The connection is unharmed.
        assertThat(conn.execute("SELECT 42").fetchOne().get(0)).isEqualTo(42);
    }

    @Test
    void closingTheConnectionFromAnotherThreadWakesTheWaiterWithAnOperationalException() throws Exception {
        Notifies gen = conn.notifies();
        Future<Boolean> waiting = threads.submit(gen::hasNext);
        pause(200);
        conn.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(OperationalException.class).hasMessage("the connection is closed");
    }

    @Test
    void aLostConnectionEndsTheWaitWithTheCause() throws Exception {
        Notifies gen = conn.notifies();
        Future<Boolean> waiting = threads.submit(gen::hasNext);
        pause(200);
        sender.execute("SELECT pg_terminate_backend(%s)", conn.backendPid());
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(OperationalException.class).hasMessageStartingWith("the connection is broken");
        assertThat(conn.isBroken()).isTrue();
    }

    @Test
    void notificationsArrivingDuringAQueryAreBufferedForTheIterator() throws Exception {
        Future<?> sending = threads.submit(() -> {
            pause(200);
            sender.notify("mychan", "during");
            sender.notify("mychan", "the sleep");
        });
        conn.execute("SELECT pg_sleep(0.6)");
        sending.get(10, TimeUnit.SECONDS);
        conn.execute("SELECT 1");   // read after they arrived: still nobody iterating
        List<String> got = new ArrayList<>();
        conn.notifies(Duration.ofMillis(200)).forEachRemaining(n -> got.add(n.payload()));
        assertThat(got).containsExactly("during", "the sleep");
    }

    @Test
    void aWaitingIteratorLetsOtherThreadsRunTheirQueries() throws Exception {
        Notifies gen = conn.notifies();
        List<String> got = new CopyOnWriteArrayList<>();
        Future<?> iterating = threads.submit(() -> gen.forEachRemaining(n -> got.add(n.payload())));
        pause(100);
        for (int i = 0; i < 20; i++) {
            assertThat(conn.execute("SELECT %s::int", i).fetchOne().get(0)).isEqualTo(i);
            sender.notify("mychan", "q" + i);
        }
        sender.notify("mychan", "last");
        waitUntil(() -> got.contains("last"));
        gen.close();
        iterating.get(5, TimeUnit.SECONDS);
        assertThat(got).hasSize(21).startsWith("q0", "q1").endsWith("last");
    }

    @Test
    void handlersRunDuringAQuery() {
        List<Notify> seen = new CopyOnWriteArrayList<>();
        Consumer<Notify> handler = seen::add;
        conn.addNotifyHandler(handler);
        conn.addNotifyHandler(n -> {
            throw new IllegalStateException("a failing handler is skipped");
        });
        sender.execute("NOTIFY mychan, 'hey'");
        assertThat(seen).isEmpty();                 // nobody read the socket yet
        conn.execute("SELECT 1");
        assertThat(seen).containsExactly(new Notify("mychan", "hey", sender.backendPid()));
        assertThat(conn.removeNotifyHandler(handler)).isTrue();
        assertThat(conn.removeNotifyHandler(handler)).isFalse();
        sender.execute("NOTIFY mychan, 'again'");
        conn.execute("SELECT 1");
        assertThat(seen).hasSize(1);
        // Handlers see them; the buffer keeps them as well.
        List<String> buffered = new ArrayList<>();
        conn.notifies(Duration.ofMillis(100)).forEachRemaining(n -> buffered.add(n.payload()));
        assertThat(buffered).containsExactly("hey", "again");
    }

    @Test
    void notifyRoundTripsHostileChannelsAndPayloads() {
        List<String[]> cases = List.of(
                new String[] {"it's \"quoted\"", "'; DROP TABLE x; --"},
                new String[] {"Ünïcødé 🐘", "payload with\nnewline and \\backslash and 日本語"},
                new String[] {"%s %(x)s", "%s"},
                new String[] {"empty payload", ""});
        for (String[] c : cases) {
            conn.execute(Sql.of("LISTEN {}").format(Identifier.of(c[0])));
        }
        for (String[] c : cases) {
            sender.notify(c[0], c[1]);
        }
        sender.notify("never listened", "x");
        List<Notify> got = new ArrayList<>();
        conn.notifies(Duration.ofSeconds(10), cases.size()).forEachRemaining(got::add);
        assertThat(got).extracting(Notify::channel).containsExactly(cases.stream().map(c -> c[0]).toArray(String[]::new));
        assertThat(got).extracting(Notify::payload).containsExactly(cases.stream().map(c -> c[1]).toArray(String[]::new));
        sender.notify("mychan", null);
        assertThat(conn.notifies(Duration.ofSeconds(10), 1).next().payload()).isEmpty();
    }

    @Test
    void outsideAutocommitTheNotificationLeavesAtCommit() {
        try (Connection tx = Connection.connect(dsn)) {
            tx.notify("mychan", "committed");
            assertThat(conn.notifies(Duration.ofMillis(200)).hasNext()).isFalse();
            tx.commit();
        }
        assertThat(conn.notifies(Duration.ofSeconds(10), 1).next().payload()).isEqualTo("committed");
    }

    @Test
    void withAWaiterTheWaitGoesToTheWaiterAndCloseStillWakesIt() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Waiter counting = (ch, ops, timeout) -> {
            waits.add(timeout);
            Waiter.select().await(ch, ops, timeout);
        };
        try (Connection waited = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).waiter(counting).build())) {
            waited.execute("LISTEN mychan");
            Future<?> sending = threads.submit(() -> {
                pause(100);
                sender.notify("mychan", "through the waiter");
            });
            waits.clear();
            assertThat(waited.notifies(Duration.ofSeconds(10), 1).next().payload()).isEqualTo("through the waiter");
            sending.get(5, TimeUnit.SECONDS);
            assertThat(waits).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(20)));

            Notifies gen = waited.notifies();
            Future<Boolean> waiting = threads.submit(gen::hasNext);
            pause(100);
            gen.close();
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void waitingOnAnEventLoopThreadIsRefused() {
        AsyncConnection async = AsyncConnection.connect(dsn, AUTOCOMMIT).join();
        try {
            // A notify handler always runs on the loop thread (a future's callback may not:
            // it runs on the caller's thread when the future is already complete).
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            async.addNotifyHandler(n -> {
                try {
                    conn.notifies(Duration.ofSeconds(1)).hasNext();
                    outcome.complete(null);
                } catch (RuntimeException refused) {
                    outcome.complete(refused);
                }
            });
            async.execute("LISTEN loop_check").join();
            async.notify("loop_check", "x").join();
            assertThat(outcome.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join())
                    .isInstanceOf(InterfaceException.class);
        } finally {
            async.close();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            pause(5);
        }
    }
}
