package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance #1: 100,000 NOTIFYs from 4 connections while the listening connection
 * also runs queries; every one is received exactly once, in order per sender.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NotifyFloodTest {
    private static final int SENDERS = 4;
    private static final int TRANSACTIONS = 10;
    private static final int PER_TRANSACTION = 2500;
    private static final int PER_SENDER = TRANSACTIONS * PER_TRANSACTION;
    private static final int TOTAL = SENDERS * PER_SENDER;
    private static final ConnectOptions AUTOCOMMIT = ConnectOptions.builder().autocommit(true).build();

    private final String dsn;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    NotifyFloodTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void anAsyncListenerRunningQueriesReceivesAHundredThousandNotifiesExactlyOnceInOrderPerSender() throws Exception {
        long start = System.nanoTime();
        AsyncConnection conn = AsyncConnection.connect(dsn, AUTOCOMMIT).join();
        try {
            conn.execute("LISTEN flood").join();
            Received received = new Received();
            CompletableFuture<Void> all = new CompletableFuture<>();
            conn.notifies().subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription s;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    this.s = s;
                    s.request(64);
                }

                @Override
                public void onNext(Notify n) {
                    try {
                        if (received.add(n) == TOTAL) {
                            all.complete(null);
                        }
                    } catch (Throwable failed) {
                        all.completeExceptionally(failed);   // never thrown at the loop thread
                    }
                    s.request(1);      // bounded demand: the per-subscriber queue does the buffering
                }

                @Override
                public void onError(Throwable t) {
                    all.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                }
            });
            List<Future<?>> senders = startSenders();
            int queries = 0;
            while (!all.isDone()) {
                // Queries interleaved with the flood on the same connection, a few in flight at once.
                List<CompletableFuture<AsyncCursor<Row>>> batch = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    batch.add(conn.execute("SELECT %s::int", queries + i));
                }
                for (int i = 0; i < batch.size(); i++) {
                    assertThat(batch.get(i).join().fetchOne().join().get(0)).isEqualTo(queries + i);
                }
                queries += batch.size();
            }
            all.get(60, TimeUnit.SECONDS);
            for (Future<?> f : senders) {
                f.get(60, TimeUnit.SECONDS);
            }
            received.assertComplete();
            report("async", start, queries);
        } finally {
            conn.close();
        }
    }

    @Test
    void aBlockingIteratorWithQueriesFromAnotherThreadReceivesAHundredThousandNotifiesExactlyOnceInOrder()
            throws Exception {
        long start = System.nanoTime();
        try (Connection conn = Connection.connect(dsn, AUTOCOMMIT)) {
            conn.execute("LISTEN flood");
            AtomicBoolean finished = new AtomicBoolean();
            AtomicInteger queries = new AtomicInteger();
            Future<?> querying = threads.submit(() -> {
                while (!finished.get()) {
                    int i = queries.getAndIncrement();
                    assertThat(conn.execute("SELECT %s::int", i).fetchOne().get(0)).isEqualTo(i);
                }
            });
            List<Future<?>> senders = startSenders();
            Received received = new Received();
            try (Notifies gen = conn.notifies(Duration.ofSeconds(60), TOTAL)) {
                for (Notify n : gen) {
                    received.add(n);
                }
            } finally {
                finished.set(true);
            }
            querying.get(10, TimeUnit.SECONDS);
            for (Future<?> f : senders) {
                f.get(60, TimeUnit.SECONDS);
            }
            received.assertComplete();
            report("blocking", start, queries.get());
        }
    }

    /** Each sender sends its 25,000 payloads {@code "sender:i"} in 10 transactions. */
    private List<Future<?>> startSenders() {
        List<Future<?>> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            senders.add(threads.submit(() -> {
                try (Connection c = Connection.connect(dsn)) {
                    for (int t = 0; t < TRANSACTIONS; t++) {
                        int from = t * PER_TRANSACTION + 1;
                        c.execute("SELECT count(pg_notify('flood', %s || ':' || i)) FROM generate_series(%s::int, %s::int) i",
                                String.valueOf(sender), from, from + PER_TRANSACTION - 1);
                        c.commit();
                    }
                }
                return null;
            }));
        }
        return senders;
    }

    private static void report(String which, long start, int queries) {
        System.out.printf("%s listener: %,d notifications received with %,d concurrent queries in %d ms%n", which,
                TOTAL, queries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Checks, as they come, that each sender's payloads arrive as 1, 2, 3, ... with none missing or repeated. */
    private static final class Received {
        private final int[] last = new int[SENDERS];
        private int count;

        int add(Notify n) {
            String[] parts = n.payload().split(":");
            int sender = Integer.parseInt(parts[0]);
            int i = Integer.parseInt(parts[1]);
            assertThat(i).as("payload after %s from sender %d", last[sender], sender).isEqualTo(last[sender] + 1);
            last[sender] = i;
            return ++count;
        }

        void assertComplete() {
            assertThat(count).isEqualTo(TOTAL);
            for (int v : last) {
                assertThat(v).isEqualTo(PER_SENDER);
            }
        }
    }
}
