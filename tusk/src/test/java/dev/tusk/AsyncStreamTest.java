package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.types.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsyncStreamTest {
    private final String dsn;
    private AsyncConnection conn;

    AsyncStreamTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true).build()).join();
    }

    @AfterEach
    void close() {
        conn.close();
    }

    /** Requests {@code step} rows at a time; cancels after {@code cancelAfter} rows. */
    static final class Collector<T> implements Flow.Subscriber<T> {
        final List<T> items = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<List<T>> done = new CompletableFuture<>();
        private final int step;
        private final long cancelAfter;
        private Flow.Subscription subscription;
        private int sinceRequest;

        Collector(int step, long cancelAfter) {
            this.step = step;
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(step);
        }

        @Override
        public void onNext(T item) {
            items.add(item);
            if (items.size() == cancelAfter) {
                subscription.cancel();
                done.complete(items);
                return;
            }
            if (++sinceRequest == step) {
                sinceRequest = 0;
                subscription.request(step);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(items);
        }
    }

    private Object one(String sql) {
        return conn.execute(sql).orTimeout(5, TimeUnit.SECONDS).join().fetchOne().join().get(0);
    }

    @Test
    void rowsArriveInOrderAsTheSubscriberAsksForThem() {
        Collector<Row> c = new Collector<>(10, Long.MAX_VALUE);
        conn.cursor().stream("SELECT g, 'row ' || g FROM generate_series(1, %s) g", 100_000).subscribe(c);
        List<Row> rows = c.done.orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(rows).hasSize(100_000);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get(0)).isEqualTo(i + 1);
        }
        assertThat(rows.get(99_999).get(1)).isEqualTo("row 100000");
        assertThat(one("SELECT 1")).isEqualTo(1);
    }

    @Test
    void noRowIsSentBeyondDemand() throws Exception {
        List<Row> got = Collections.synchronizedList(new ArrayList<>());
        Flow.Subscription[] sub = new Flow.Subscription[1];
        conn.cursor().stream("SELECT g FROM generate_series(1, 1000) g").subscribe(new Flow.Subscriber<Row>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                sub[0] = s;
                s.request(5);
            }

            @Override
            public void onNext(Row item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        Thread.sleep(300);
        assertThat(got).hasSize(5);
        // A command issued meanwhile waits for the stream: the portal is open.
        CompletableFuture<AsyncCursor<Row>> after = conn.execute("SELECT 'after'");
        Thread.sleep(100);
        assertThat(after).isNotDone();
        sub[0].request(3);
        Thread.sleep(300);
        assertThat(got).hasSize(8);
        sub[0].cancel();
        assertThat(after.orTimeout(5, TimeUnit.SECONDS).join().fetchOne().join().get(0)).isEqualTo("after");
    }

    @Test
    void cancellingAfterAThousandRowsReturnsTheConnectionToIdleWithinASecond() {
        Collector<Row> c = new Collector<>(100, 1000);
        conn.cursor().stream("SELECT g FROM generate_series(1, 10000000) g").subscribe(c);
        assertThat(c.done.orTimeout(30, TimeUnit.SECONDS).join()).hasSize(1000);
        long t0 = System.nanoTime();
        assertThat(one("SELECT 42")).isEqualTo(42);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void anErrorMidStreamReachesTheSubscriberAndTheConnectionStaysUsable() {
        Collector<Row> c = new Collector<>(1000, Long.MAX_VALUE);
        conn.cursor().stream("SELECT 1 / (5000 - g) FROM generate_series(1, 10000) g").subscribe(c);
        Throwable e = c.done.handle((r, err) -> err).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(e).isInstanceOf(DivisionByZero.class);
        assertThat(c.items).hasSize(4999);
        assertThat(one("SELECT 7")).isEqualTo(7);
    }

    @Test
    void aStreamReadsItsRowsInBinaryFromItsFirstExecution() {
        for (int threshold : new int[] {0, 5, -1}) {
            AsyncConnection c = AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true)
                    .prepareThreshold(threshold).build()).orTimeout(30, TimeUnit.SECONDS).join();
            try {
                // A binary-only loader shows which format the server sent.
                c.adapters().registerLoader(701, Format.BINARY, (buf, off, len, ctx) -> "binary");
                Collector<Row> rows = new Collector<>(10, Long.MAX_VALUE);
                c.cursor().stream("SELECT g::float8, g FROM generate_series(1, 3) g").subscribe(rows);
                assertThat(rows.done.orTimeout(30, TimeUnit.SECONDS).join()).as("threshold %d", threshold)
                        .extracting(r -> r.get(0), r -> r.get(1))
                        .containsExactly(tuple("binary", 1), tuple("binary", 2), tuple("binary", 3));
            } finally {
                c.close();
            }
        }
    }

    @Test
    void aStreamThatFailsToParseOrReturnsNoRowsEndsCleanly() {
        Collector<Row> bad = new Collector<>(10, Long.MAX_VALUE);
        conn.cursor().stream("SELECT * FROM nowhere").subscribe(bad);
        assertThat(bad.done.handle((r, e) -> e).orTimeout(30, TimeUnit.SECONDS).join()).isInstanceOf(UndefinedTable.class);
        assertThat(one("SELECT 8")).isEqualTo(8);
        Collector<Row> none = new Collector<>(10, Long.MAX_VALUE);
        conn.cursor().stream("SET application_name = 'streamed'").subscribe(none);
        assertThat(none.done.orTimeout(30, TimeUnit.SECONDS).join()).isEmpty();
        assertThat(one("SELECT current_setting('application_name')")).isEqualTo("streamed");
    }

    @Test
    void aStreamIsSingleUse() {
        Flow.Publisher<Row> p = conn.cursor().stream("SELECT 1");
        Collector<Row> first = new Collector<>(10, Long.MAX_VALUE);
        Collector<Row> second = new Collector<>(10, Long.MAX_VALUE);
        p.subscribe(first);
        p.subscribe(second);
        assertThat(first.done.orTimeout(5, TimeUnit.SECONDS).join()).hasSize(1);
        assertThat(second.done.handle((r, e) -> e).join()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNonPositiveRequestIsAnError() {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        conn.cursor().stream("SELECT 1").subscribe(new Flow.Subscriber<Row>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(0);
            }

            @Override
            public void onNext(Row item) {
                error.completeExceptionally(new AssertionError("no row expected"));
            }

            @Override
            public void onError(Throwable t) {
                error.complete(t);
            }

            @Override
            public void onComplete() {
                error.completeExceptionally(new AssertionError("no completion expected"));
            }
        });
        assertThat(error.orTimeout(5, TimeUnit.SECONDS).join()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRowsOfAnExecutedCursorPublishAsAsyncIteration() {
        AsyncCursor<Row> cur = conn.execute("SELECT g FROM generate_series(1, 5) g").join();
        cur.fetchOne().join();
        Collector<Row> c = new Collector<>(2, Long.MAX_VALUE);
        cur.stream().subscribe(c);
        assertThat(c.done.join()).extracting(r -> r.get(0)).containsExactly(2, 3, 4, 5);
    }

    @Test
    void tenMillionRowsStreamInSixtyFourMegabytesOfHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StreamTenMillion.class.getName(), dsn).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(out).as(out).contains("rows=10000000 sum=50000005000000");
        assertThat(p.exitValue()).isZero();
        assertThat(Files.exists(java)).isTrue();
    }
}
