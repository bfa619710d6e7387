package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.InvalidCursorName;
import dev.tusk.errors.NoActiveSqlTransaction;
import dev.tusk.errors.ObjectNotInPrerequisiteState;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsyncServerCursorTest {
    private final String dsn;
    private AsyncConnection conn;

    AsyncServerCursorTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = AsyncConnection.connect(dsn).join();
    }

    @AfterEach
    void close() {
        conn.close();
    }

    private AsyncConnection autocommit() {
        return AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true).build()).join();
    }

    /** The cursors open in this session, as the server lists them (but this query's own unnamed portal). */
    private static List<String> serverCursors(AsyncConnection c) {
        return c.execute("SELECT name FROM pg_cursors WHERE name <> '' ORDER BY name").join().fetchAll().join().stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private static List<Integer> ints(List<Row> rows) {
        return rows.stream().map(r -> r.get(0, Integer.class)).toList();
    }

    @Test
    void declaresAndFetchesAHundredThousandRowsInBatches() {
        AsyncServerCursor<Row> cur = conn.cursor("big");
        assertThat(cur.name()).isEqualTo("big");
        assertThat(cur.itersize()).isEqualTo(100);
        assertThat(cur.execute("SELECT g, repeat('x', 10) FROM generate_series(1, 100000) AS g").join())
                .isSameAs(cur);
        assertThat(cur.rowCount()).isZero();
        assertThat(serverCursors(conn)).containsExactly("big");
        long expected = 1;
        List<Row> batch;
        while (!(batch = cur.fetchMany(1000).join()).isEmpty()) {
            assertThat(batch).hasSize(1000);
            for (Row row : batch) {
                assertThat(row.get(0, Long.class)).isEqualTo(expected++);
            }
            // One FETCH per batch: the server was asked for these rows and no more.
            assertThat(cur.rowCount()).isEqualTo(expected - 1);
            assertThat(cur.rowNumber()).isEqualTo((int) (expected - 1));
            assertThat(cur.statusMessage()).isEqualTo("FETCH 1000");
        }
        assertThat(expected - 1).isEqualTo(100000);
        assertThat(cur.statusMessage()).isEqualTo("FETCH 0");
        assertThat(cur.fetchOne().join()).isNull();
        cur.closeAsync().join();
        assertThat(serverCursors(conn)).isEmpty();
    }

    @Test
    void descriptionIsKnownRightAfterExecuteWithoutReadingRows() {
        AsyncServerCursor<Row> cur = conn.cursor("d");
        assertThat(cur.description()).isNull();
        assertThat(cur.rowNumber()).isNull();
        assertThat(cur.rowCount()).isEqualTo(-1);
        assertThatThrownBy(cur.fetchOne()::join).cause().isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("execute()");
        cur.execute("SELECT 1::int4 AS a, 'x'::text AS b, 1 / (g - g) AS boom FROM generate_series(1, 2) AS g")
                .join();
        assertThat(cur.description()).extracting(Column::name).containsExactly("a", "b", "boom");
        assertThat(cur.description().get(0).typeCode()).isEqualTo(23);
        assertThat(cur.rowNumber()).isZero();
        assertThat(cur.rowCount()).isZero();
        // Describing computed nothing: the division runs only when a row is fetched.
        assertThatThrownBy(cur.fetchOne()::join).cause().isInstanceOf(DivisionByZero.class);
    }

    @Test
    void positionalAndNamedParametersTravelOutOfBand() {
        AsyncServerCursor<Row> cur = conn.cursor("p");
        cur.execute("SELECT g, %s::text FROM generate_series(1, %s) AS g WHERE g > %s", "it's", 5, 2).join();
        assertThat(cur.fetchAll().join()).extracting(Row::toList)
                .containsExactly(List.of(3, "it's"), List.of(4, "it's"), List.of(5, "it's"));
        assertThat(cur.query()).isEqualTo(
                "DECLARE \"p\" CURSOR FOR SELECT g, 'it''s'::text FROM generate_series(1, 5) AS g WHERE g > 2");

        // Executing again closes the first declaration: the name is free for the second.
        cur.execute("SELECT %(a)s::int + g, '100%%' FROM generate_series(1, %(n)s) AS g", Map.of("a", 10, "n", 2))
                .join();
        assertThat(cur.fetchAll().join()).extracting(Row::toList)
                .containsExactly(List.of(11, "100%"), List.of(12, "100%"));

        cur.execute("SELECT '100%'").join();
        assertThat(cur.fetchOne().join().get(0)).isEqualTo("100%");
        assertThat(serverCursors(conn)).containsExactly("p");

        assertThatThrownBy(cur.execute("SELECT %s, %s", 1)::join).cause().isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(cur.execute("SELECT %(x)s", Map.of())::join).cause()
                .isInstanceOf(ProgrammingException.class);
    }

    @Test
    void fetchOneFetchManyFetchAll() {
        AsyncServerCursor<Row> cur = conn.cursor("f");
        cur.execute("SELECT generate_series(1, %s)", 10).join();
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(1);
        assertThat(cur.statusMessage()).isEqualTo("FETCH 1");
        assertThat(ints(cur.fetchMany(3).join())).containsExactly(2, 3, 4);
        assertThat(cur.rowNumber()).isEqualTo(4);
        assertThat(ints(cur.fetchMany().join())).containsExactly(5);
        cur.setArraySize(2);
        assertThat(cur.arraySize()).isEqualTo(2);
        assertThat(ints(cur.fetchMany().join())).containsExactly(6, 7);
        assertThat(ints(cur.fetchAll().join())).containsExactly(8, 9, 10);
        assertThat(cur.statusMessage()).isEqualTo("FETCH 3");
        assertThat(cur.rowCount()).isEqualTo(10);
        // The end is known: the empty answers need no FETCH.
        assertThat(cur.fetchAll().join()).isEmpty();
        assertThat(cur.fetchMany(3).join()).isEmpty();
        assertThat(cur.fetchOne().join()).isNull();
        assertThat(cur.statusMessage()).isEqualTo("FETCH 3");
        assertThatThrownBy(() -> cur.setArraySize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cur.setItersize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScrollableCursorMovesBackwardsAndAbsolutely() {
        AsyncServerCursor<Row> cur = conn.cursor("s");
        cur.setScrollable(true);
        assertThat(cur.scrollable()).isTrue();
        cur.execute("SELECT generate_series(0, 9)").join();
        assertThat(cur.query()).startsWith("DECLARE \"s\" SCROLL CURSOR FOR");
        cur.scroll(2, ScrollMode.RELATIVE).join();
        assertThat(cur.rowNumber()).isEqualTo(2);
        assertThat(cur.statusMessage()).isEqualTo("MOVE 2");
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(2);
        cur.scroll(9, ScrollMode.ABSOLUTE).join();
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(9);
        cur.scroll(-3, ScrollMode.RELATIVE).join();
        assertThat(cur.rowNumber()).isEqualTo(7);
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(7);
        cur.scroll(0, ScrollMode.ABSOLUTE).join();
        assertThat(ints(cur.fetchAll().join())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        cur.scroll(-1, ScrollMode.RELATIVE).join();
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(9);

        assertThatThrownBy(cur.scroll(-20, ScrollMode.RELATIVE)::join).cause().isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("before the first row");
        cur.scroll(2, ScrollMode.ABSOLUTE).join();
        assertThatThrownBy(cur.scroll(10, ScrollMode.RELATIVE)::join).cause().isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("the result has 10 rows");
        assertThat(cur.rowNumber()).isEqualTo(10);
    }

    @Test
    void aNonScrollableCursorCannotGoBack() {
        AsyncServerCursor<Row> cur = conn.cursor("n");
        cur.setScrollable(false);
        cur.execute("SELECT generate_series(0, 5)").join();
        assertThat(cur.query()).startsWith("DECLARE \"n\" NO SCROLL CURSOR FOR");
        cur.scroll(5, ScrollMode.ABSOLUTE).join();
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(5);
        assertThatThrownBy(cur.scroll(-1, ScrollMode.RELATIVE)::join).cause()
                .isInstanceOf(ObjectNotInPrerequisiteState.class)
                .hasMessageContaining("can only scan forward");
    }

    @Test
    void withHoldWorksInAutocommit() {
        try (AsyncConnection auto = autocommit()) {
            AsyncServerCursor<Row> cur = auto.cursor("h");
            cur.setWithHold(true);
            assertThat(cur.withHold()).isTrue();
            cur.execute("SELECT generate_series(1, 3)").join();
            assertThat(cur.query()).startsWith("DECLARE \"h\" CURSOR WITH HOLD FOR");
            assertThat(cur.fetchOne().join().get(0)).isEqualTo(1);
            assertThat(auto.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(ints(cur.fetchAll().join())).containsExactly(2, 3);
            assertThat(serverCursors(auto)).containsExactly("h");
            cur.closeAsync().join();
            assertThat(serverCursors(auto)).isEmpty();
            // Closing outside a transaction does not open one.
            assertThat(auto.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
    }

    @Test
    void withoutHoldAutocommitRefusesTheCursor() {
        try (AsyncConnection auto = autocommit()) {
            AsyncServerCursor<Row> cur = auto.cursor("nh");
            assertThat(cur.withHold()).isFalse();
            assertThatThrownBy(cur.execute("SELECT 1")::join).cause().isInstanceOf(NoActiveSqlTransaction.class)
                    .hasMessageContaining("transaction block");
            assertThat(cur.description()).isNull();
            cur.closeAsync().join();
            assertThat(auto.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(auto.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
        }
    }

    @Test
    void withoutHoldTheCursorEndsWithItsTransaction() {
        AsyncServerCursor<Row> cur = conn.cursor("t");
        cur.execute("SELECT generate_series(0, 2)").join();
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(0);
        conn.commit().join();
        assertThatThrownBy(cur.fetchOne()::join).cause().isInstanceOf(InvalidCursorName.class);
        conn.rollback().join();
    }

    @Test
    void closeRemovesTheCursorFromTheServer() {
        AsyncServerCursor<Row> cur = conn.cursor("gone");
        cur.execute("SELECT generate_series(1, 10)").join();
        assertThat(serverCursors(conn)).containsExactly("gone");
        CompletableFuture<Void> closed = cur.closeAsync();
        assertThat(cur.isClosed()).isTrue();
        assertThat(cur.closeAsync()).isSameAs(closed);
        closed.join();
        assertThat(serverCursors(conn)).isEmpty();
        assertThatThrownBy(cur.fetchOne()::join).cause().isInstanceOf(InterfaceException.class);
        assertThatThrownBy(cur.execute("SELECT 1")::join).cause().isInstanceOf(InterfaceException.class);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
    }

    @Test
    void closeStartsTheCloseWithoutWaiting() {
        AsyncServerCursor<Row> cur = conn.cursor("quick");
        cur.execute("SELECT generate_series(1, 10)").join();
        cur.close();
        // Issued after close(): runs after the CLOSE.
        assertThat(serverCursors(conn)).isEmpty();
    }

    @Test
    void closeAfterTheTransactionEndedDoesNotFail() {
        AsyncServerCursor<Row> idle = conn.cursor("a");
        idle.execute("SELECT 1").join();
        conn.commit().join();
        idle.closeAsync().join();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);

        // A later transaction is open: CLOSE of the vanished cursor would have aborted it.
        AsyncServerCursor<Row> later = conn.cursor("b");
        later.execute("SELECT 1").join();
        conn.commit().join();
        conn.execute("SELECT 1").join();
        later.closeAsync().join();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        assertThat(conn.execute("SELECT 2").join().fetchOne().join().get(0)).isEqualTo(2);

        // A failed transaction takes no CLOSE; its rollback drops the cursor.
        AsyncServerCursor<Row> failed = conn.cursor("d");
        failed.execute("SELECT 1").join();
        assertThatThrownBy(conn.execute("SELECT 1/0")::join).cause().isInstanceOf(DivisionByZero.class);
        failed.closeAsync().join();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
        conn.rollback().join();
        assertThat(serverCursors(conn)).isEmpty();

        AsyncServerCursor<Row> closedConn = conn.cursor("e");
        closedConn.execute("SELECT 1").join();
        conn.close();
        closedConn.closeAsync().join();
        assertThat(closedConn.isClosed()).isTrue();
    }

    @Test
    void namesAreQuotedIdentifiers() {
        for (String name : List.of("my cursor", "My\"Cursor\"", "x; DROP TABLE y", "n".repeat(80))) {
            AsyncServerCursor<Row> cur = conn.cursor(name);
            cur.execute("SELECT generate_series(1, %s)", 2).join();
            assertThat(ints(cur.fetchAll().join())).containsExactly(1, 2);
            // The server truncates a long name; closing finds it all the same.
            assertThat(serverCursors(conn)).containsExactly(name.substring(0, Math.min(63, name.length())));
            cur.closeAsync().join();
            assertThat(serverCursors(conn)).isEmpty();
        }
        assertThatThrownBy(() -> conn.cursor("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A row type for the record factory. */
    public record Item(int id, String label) {
    }

    @Test
    void rowFactoriesMakeTheRows() {
        AsyncServerCursor<Item> cur = conn.cursor("r", RowFactories.record(Item.class));
        cur.execute("SELECT g AS id, 'item ' || g AS label FROM generate_series(1, 3) AS g").join();
        assertThat(cur.fetchOne().join()).isEqualTo(new Item(1, "item 1"));
        assertThat(cur.fetchAll().join()).containsExactly(new Item(2, "item 2"), new Item(3, "item 3"));
        cur.closeAsync().join();
    }

    /**
     * A subscriber that requests {@code step} rows at a time, checking that it is never sent
     * more than it asked for, and hands each row to {@code onRow} (which may cancel).
     */
    private static final class Collector<T> implements Flow.Subscriber<T> {
        final List<T> rows = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final long step;
        private final BiConsumer<Collector<T>, T> onRow;
        volatile Flow.Subscription subscription;
        private long requested;

        Collector(long step, BiConsumer<Collector<T>, T> onRow) {
            this.step = step;
            this.onRow = onRow;
        }

        void request() {
            requested += step;
            subscription.request(step);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            request();
        }

        @Override
        public void onNext(T row) {
            rows.add(row);
            if (rows.size() > requested) {
                done.completeExceptionally(new AssertionError("a row beyond demand: " + rows.size()));
            }
            onRow.accept(this, row);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    @Test
    void streamFetchesOnlyWhatTheSubscriberAsksFor() throws Exception {
        AsyncServerCursor<Row> cur = conn.cursor("stream");
        cur.execute("SELECT generate_series(1, 20000)").join();
        // Held rows go first: the two read here are not fetched again.
        assertThat(ints(cur.fetchMany(2).join())).containsExactly(1, 2);
        CountDownLatch tenReceived = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Collector<Row> tens = new Collector<>(10, (c, row) -> {
            if (c.rows.size() % 10 != 0) {
                return;
            }
            if (c.rows.size() == 10) {
                tenReceived.countDown();
                // Hold the demand at zero until the test has looked; resumed off the loop.
                CompletableFuture.runAsync(() -> {
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    c.request();
                });
            } else {
                c.request();
            }
        });
        cur.stream().subscribe(tens);
        assertThat(tenReceived.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        // Without demand nothing more is fetched: 2 rows, then one FETCH FORWARD 10.
        assertThat(cur.rowCount()).isEqualTo(12);
        assertThat(cur.statusMessage()).isEqualTo("FETCH 10");
        resume.countDown();
        tens.done.get(60, TimeUnit.SECONDS);
        assertThat(tens.rows).hasSize(19998);
        for (int i = 0; i < tens.rows.size(); i++) {
            assertThat(tens.rows.get(i).get(0)).isEqualTo(i + 3);
        }
        assertThat(cur.rowCount()).isEqualTo(20000);
        assertThat(cur.fetchOne().join()).isNull();
        cur.closeAsync().join();
    }

    @Test
    void aCancelledStreamLeavesTheConnectionUsableAtOnce() throws Exception {
        AsyncServerCursor<Row> cur = conn.cursor("endless");
        cur.setItersize(300);
        // Ten million rows: only what is fetched is ever computed.
        cur.execute("SELECT generate_series(1, 10000000)").join();
        Collector<Row> thousand = new Collector<>(Long.MAX_VALUE, (c, row) -> {
            if (c.rows.size() == 1000) {
                c.subscription.cancel();
                c.done.complete(null);
            }
        });
        cur.stream().subscribe(thousand);
        thousand.done.get(10, TimeUnit.SECONDS);
        assertThat(conn.execute("SELECT 1").get(1, TimeUnit.SECONDS).fetchOne().get(1, TimeUnit.SECONDS).get(0))
                .isEqualTo(1);
        assertThat(thousand.rows).hasSize(1000);
        // Batches of itersize rows, and none after the cancel: the rows read and not sent stay
        // with the cursor, still declared.
        assertThat(cur.rowCount()).isEqualTo(1200);
        assertThat(cur.fetchOne().join().get(0)).isEqualTo(1001);
        assertThat(serverCursors(conn)).containsExactly("endless");
        cur.closeAsync().join();
    }

    @Test
    void streamFollowsTheReactiveStreamsRules() throws Exception {
        AsyncServerCursor<Row> cur = conn.cursor("rules");
        assertThatThrownBy(cur::stream).isInstanceOf(ProgrammingException.class);
        cur.execute("SELECT generate_series(1, 5)").join();

        Flow.Publisher<Row> publisher = cur.stream();
        Collector<Row> all = new Collector<>(Long.MAX_VALUE, (c, row) -> {
        });
        publisher.subscribe(all);
        all.done.get(10, TimeUnit.SECONDS);
        assertThat(ints(all.rows)).containsExactly(1, 2, 3, 4, 5);

        Collector<Row> second = new Collector<>(1, (c, row) -> {
        });
        publisher.subscribe(second);
        assertThatThrownBy(() -> second.done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);

        cur.execute("SELECT generate_series(1, 5)").join();
        Collector<Row> zero = new Collector<>(0, (c, row) -> {
        });
        cur.stream().subscribe(zero);
        assertThatThrownBy(() -> zero.done.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(zero.rows).isEmpty();

        // Executing again ends a stream of the earlier declaration.
        Collector<Row> stale = new Collector<>(1, (c, row) -> {
        });
        Flow.Publisher<Row> old = cur.stream();
        cur.execute("SELECT 1").join();
        old.subscribe(stale);
        stale.done.get(10, TimeUnit.SECONDS);
        assertThat(stale.rows).isEmpty();
        cur.closeAsync().join();
    }

    @Test
    void aStreamReportsTheServersError() throws Exception {
        AsyncServerCursor<Row> cur = conn.cursor("boom");
        cur.execute("SELECT 1 / (g - 3) FROM generate_series(1, 5) AS g").join();
        Collector<Row> rows = new Collector<>(1, (c, row) -> c.request());
        cur.stream().subscribe(rows);
        assertThatThrownBy(() -> rows.done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DivisionByZero.class);
        assertThat(rows.rows).hasSize(2);
        conn.rollback().join();
    }
}
