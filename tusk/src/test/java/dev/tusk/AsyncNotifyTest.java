package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.errors.OperationalException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** LISTEN/NOTIFY on {@link AsyncConnection}: idle delivery, the publisher, handlers, {@code notify()}. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncNotifyTest {
    private static final ConnectOptions AUTOCOMMIT = ConnectOptions.builder().autocommit(true).build();
    private final String dsn;
    private AsyncConnection conn;
    private Connection sender;

    AsyncNotifyTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = AsyncConnection.connect(dsn, AUTOCOMMIT).join();
        sender = Connection.connect(dsn, AUTOCOMMIT);
        conn.execute("LISTEN mychan").join();
    }

    @AfterEach
    void close() {
        conn.close();
        sender.close();
    }

    @Test
    void anIdleConnectionReceivesANotifyWithin50MsOfTheSendersCommit() throws Exception {
        BlockingQueue<Long> receivedAt = new LinkedBlockingQueue<>();
        conn.addNotifyHandler(n -> receivedAt.add(System.nanoTime()));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            sender.notify("mychan", "ping " + i);      // autocommit: returns after the commit
            long committed = System.nanoTime();
            Long at = receivedAt.poll(10, TimeUnit.SECONDS);
            assertThat(at).as("notification %d received without any query on the listener", i).isNotNull();
            latencies.add(Math.max(0, at - committed));
        }
        Collections.sort(latencies);
        Duration median = Duration.ofNanos(latencies.get(latencies.size() / 2));
        System.out.println("idle async NOTIFY latency: median " + median.toNanos() / 1000 + " µs, max "
                + latencies.get(latencies.size() - 1) / 1000 + " µs");
        assertThat(median).isLessThan(Duration.ofMillis(50));
    }

    @Test
    void eachSubscriberGetsWhatArrivesAfterItSubscribedAsItsDemandAllows() throws Exception {
        sender.notify("mychan", "before anyone subscribed");
        TestSubscriber<Notify> slow = new TestSubscriber<Notify>(0);
        TestSubscriber<Notify> eager = new TestSubscriber<Notify>(Long.MAX_VALUE);
        waitForAQueryRoundTrip();
        conn.notifies().subscribe(slow);
        conn.notifies().subscribe(eager);
        for (int i = 0; i < 5; i++) {
            sender.notify("mychan", "n" + i);
        }
        eager.awaitCount(5);
        assertThat(payloads(eager)).containsExactly("n0", "n1", "n2", "n3", "n4");
        assertThat(payloads(slow)).isEmpty();       // no demand, nothing delivered: all queued
        slow.subscription.request(2);
        slow.awaitCount(2);
        assertThat(payloads(slow)).containsExactly("n0", "n1");
        slow.subscription.request(10);
        slow.awaitCount(5);
        assertThat(payloads(slow)).containsExactly("n0", "n1", "n2", "n3", "n4");

        eager.subscription.cancel();
        sender.notify("mychan", "after the cancel");
        slow.awaitCount(6);
        assertThat(payloads(eager)).hasSize(5);
        assertThat(eager.done).isNotDone();
    }

    @Test
    void closingTheConnectionCompletesTheSubscribersAfterTheirQueuedNotifications() throws Exception {
        TestSubscriber<Notify> slow = new TestSubscriber<Notify>(0);
        conn.notifies().subscribe(slow);
        sender.notify("mychan", "queued");
        waitForAQueryRoundTrip();
        conn.close();
        conn.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(slow.done).isNotDone();           // the queued notification comes first
        slow.subscription.request(1);
        assertThat(slow.done.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(payloads(slow)).containsExactly("queued");

        TestSubscriber<Notify> late = new TestSubscriber<Notify>(1);
        conn.notifies().subscribe(late);
        assertThat(late.done.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aKilledBackendFailsTheSubscribersWithAnOperationalException() throws Exception {
        TestSubscriber<Notify> c = new TestSubscriber<Notify>(Long.MAX_VALUE);
        conn.notifies().subscribe(c);
        sender.execute("SELECT pg_terminate_backend(%s)", conn.backendPid());
        Throwable error = c.done.handle((v, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(OperationalException.class).hasMessageStartingWith("the connection is broken");
        assertThat(conn.isBroken()).isTrue();
    }

    @Test
    void handlersRunOnTheLoopAsNotificationsArriveAndCanBeRemoved() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Consumer<Notify> handler = n -> {
            seen.add(n.payload());
            threads.add(Thread.currentThread().getName());
        };
        conn.addNotifyHandler(handler);
        conn.addNotifyHandler(n -> {
            throw new IllegalStateException("a failing handler is skipped");
        });
        sender.notify("mychan", "hey");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("hey");
        assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("tusk-loop-"));
        assertThat(conn.removeNotifyHandler(handler)).isTrue();
        sender.notify("mychan", "unseen");
        waitForAQueryRoundTrip();
        assertThat(seen).isEmpty();
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void notifyWithBoundParametersRoundTripsHostileValues() throws Exception {
        String channel = "chan \"quoted\" 'and' ünïcødé";
        conn.execute(dev.tusk.sql.Sql.of("LISTEN {}").format(dev.tusk.sql.Identifier.of(channel))).join();
        BlockingQueue<Notify> seen = new LinkedBlockingQueue<>();
        conn.addNotifyHandler(seen::add);
        String payload = "'); SELECT pg_sleep(10); -- %s 🐘";
        conn.notify(channel, payload).get(10, TimeUnit.SECONDS);
        Notify n = seen.poll(10, TimeUnit.SECONDS);
        assertThat(n).isEqualTo(new Notify(channel, payload, conn.backendPid()));
    }

    /** Lets the listener read what the server sent so far (the NOTIFYs before this round trip). */
    private void waitForAQueryRoundTrip() {
        sender.execute("SELECT 1");
        conn.execute("SELECT 1").join();
    }

    private static List<String> payloads(TestSubscriber<Notify> s) {
        return s.received().stream().map(Notify::payload).toList();
    }
}
