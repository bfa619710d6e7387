package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.net.EventLoopGroup;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsyncConnectionTest {
    private final String dsn;
    private AsyncConnection conn;

    AsyncConnectionTest(@Dsn String dsn) {
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


    @Test
    void executeFetchAndInformationMembers() {
        AsyncCursor<Row> cur = conn.execute("SELECT %s::int + 1 AS n, %s::text AS t", 41, "x").join();
        assertThat(cur.description()).extracting(Column::name).containsExactly("n", "t");
        assertThat(cur.fetchOne().join().toList()).containsExactly(42, "x");
        assertThat(cur.fetchOne().join()).isNull();
        assertThat(cur.rowCount()).isEqualTo(1);
        assertThat(cur.statusMessage()).isEqualTo("SELECT 1");
        assertThat(cur.query()).isEqualTo("SELECT 41::int + 1 AS n, 'x'::text AS t");
        assertThat(cur.mogrify("SELECT %s", "it's")).isEqualTo("SELECT 'it''s'");
        assertThat(conn.backendPid()).isPositive();
        assertThat(conn.serverVersion()).isGreaterThan(100000);
        assertThat(conn.protocolVersion()).isEqualTo(3);
        assertThat(conn.parameterStatus("client_encoding")).isEqualTo("UTF8");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.status()).isEqualTo(ConnectionStatus.OK);
        assertThat(conn.toString()).contains("AsyncConnection");
    }

    @Test
    void multipleStatementsGiveSeveralResults() {
        AsyncCursor<Row> cur = conn.execute("SELECT 1; SELECT 'two', 3").join();
        assertThat(cur.fetchAll().join()).hasSize(1);
        assertThat(cur.nextSet()).isTrue();
        assertThat(cur.fetchOne().join().toList()).containsExactly("two", 3);
    }

    @Test
    void tenThousandQueriesFromEightThreadsEachGetTheirOwnResultOrError() throws Exception {
        int threads = 8;
        int perThread = 1250;
        conn.execute("CREATE TEMP TABLE t (id int PRIMARY KEY)").join();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<List<CompletableFuture<AsyncCursor<Row>>>> issued = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<CompletableFuture<AsyncCursor<Row>>> mine = new ArrayList<>();
            issued.add(mine);
            int thread = t;
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    int n = thread * perThread + i;
                    mine.add(switch (n % 10) {
                        case 3 -> conn.execute("SELECT %s::int / 0", n);
                        case 7 -> conn.execute("SELECT * FROM no_such_table_" + (n % 3));
                        case 9 -> conn.execute("INSERT INTO t VALUES (%s)", (n / 10) % 2);   // duplicates fail
                        default -> conn.execute("SELECT %s::int", n);
                    });
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        int inserted = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                int n = t * perThread + i;
                CompletableFuture<AsyncCursor<Row>> f = issued.get(t).get(i);
                switch (n % 10) {
                    case 3 -> assertThat(Futures.failure(f)).isInstanceOf(DivisionByZero.class);
                    case 7 -> assertThat(Futures.failure(f)).isInstanceOf(UndefinedTable.class)
                            .hasMessageContaining("no_such_table_" + (n % 3));
                    case 9 -> {
                        if (f.handle((c, e) -> e != null).join()) {
                            assertThat(Futures.failure(f)).isInstanceOf(UniqueViolation.class);
                        } else {
                            inserted++;
                        }
                    }
                    default -> assertThat(f.join().fetchOne().join().get(0)).isEqualTo(n);
                }
            }
        }
        assertThat(inserted).isEqualTo(2);
        assertThat(conn.execute("SELECT count(*) FROM t").join().fetchOne().join().get(0)).isEqualTo(2L);
    }

    @Test
    void transactionCommitsOnSuccessAndRollsBackOnFailureWithNestedSavepoints() {
        conn.execute("CREATE TEMP TABLE acc (id int)").join();
        String result = conn.transaction(tx -> conn.execute("INSERT INTO acc VALUES (1)")
                .thenCompose(c -> conn.transaction(inner -> {
                    assertThat(inner.savepointName()).isNotNull();
                    return conn.execute("INSERT INTO acc VALUES (2)")
                            .thenCompose(c2 -> CompletableFuture.<String>failedFuture(new IllegalStateException("inner")));
                }).exceptionally(e -> "inner rolled back"))
                .thenCompose(msg -> conn.execute("INSERT INTO acc VALUES (3)").thenApply(c -> msg))).join();
        assertThat(result).isEqualTo("inner rolled back");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.execute("SELECT string_agg(id::text, ',' ORDER BY id) FROM acc").join().fetchOne().join().get(0))
                .isEqualTo("1,3");

        Throwable e = Futures.failure(conn.transaction(tx -> conn.execute("INSERT INTO acc VALUES (4)")
                .thenCompose(c -> conn.execute("SELECT 1/0"))));
        assertThat(e).isInstanceOf(DivisionByZero.class);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.execute("SELECT count(*) FROM acc WHERE id = 4").join().fetchOne().join().get(0)).isEqualTo(0L);
    }

    @Test
    void explicitCommitInsideATransactionBlockIsRefused() {
        Throwable e = Futures.failure(conn.transaction(tx -> conn.commit()));
        assertThat(e).isInstanceOf(ProgrammingException.class).hasMessageContaining("commit()");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void withoutAutocommitStatementsRunInATransactionUntilCommitOrRollback() {
        AsyncConnection tx = AsyncConnection.connect(dsn).join();
        try {
            tx.execute("CREATE TEMP TABLE x (v int)").join();
            tx.commit().join();
            tx.execute("INSERT INTO x VALUES (1)").join();
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
            tx.rollback().join();
            tx.execute("INSERT INTO x VALUES (2)").join();
            tx.commit().join();
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(tx.execute("SELECT string_agg(v::text, ',') FROM x").join().fetchOne().join().get(0)).isEqualTo("2");
            // A failed statement leaves the transaction INERROR until rollback.
            assertThat(Futures.failure(tx.execute("SELECT 1/0"))).isInstanceOf(DivisionByZero.class);
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            tx.rollback().join();
            assertThat(tx.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
        } finally {
            tx.close();
        }
    }

    @Test
    void executeManyRunsEverySetAndSumsTheRowCount() {
        conn.execute("CREATE TEMP TABLE m (a int, b text)").join();
        List<Object> sets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sets.add(i % 2 == 0 ? new Object[] {i, "x" + i} : List.of(i, "y" + i));
        }
        AsyncCursor<Row> cur = conn.cursor().executeMany("INSERT INTO m VALUES (%s, %s)", sets).join();
        assertThat(cur.rowCount()).isEqualTo(1000);
        assertThat(conn.execute("SELECT count(*) FROM m").join().fetchOne().join().get(0)).isEqualTo(1000L);
        cur = conn.cursor().executeMany("INSERT INTO m VALUES (%(a)s, %(b)s)", List.of(Map.of("a", 1, "b", "z")))
                .join();
        assertThat(cur.rowCount()).isEqualTo(1);
    }

    @Test
    void blockingOnALoopThreadFailsFastInsteadOfDeadlocking() {
        AtomicReference<Throwable> joined = new AtomicReference<>();
        AtomicReference<Throwable> blocking = new AtomicReference<>();
        conn.execute("SELECT pg_sleep(0.2)").thenAccept(cur -> {
            assertThat(EventLoopGroup.inEventLoop()).isTrue();
            try {
                conn.execute("SELECT pg_sleep(0.1)").join();
            } catch (Throwable e) {
                joined.set(e);
            }
            try {
                Connection.connect(dsn);
            } catch (Throwable e) {
                blocking.set(e);
            }
        }).join();
        assertThat(joined.get()).isInstanceOf(InterfaceException.class).hasMessageContaining("event loop thread");
        assertThat(blocking.get()).isInstanceOf(InterfaceException.class).hasMessageContaining("event loop thread");
        // A completed future may be read anywhere.
        conn.execute("SELECT 2").thenAccept(cur -> assertThat(cur.fetchOne().join().get(0)).isEqualTo(2)).join();
    }

    @Test
    void loopThreadsAreDaemonsNamedTuskLoop() {
        // Attached long before the statement completes, so it runs where completions run.
        Thread t = conn.execute("SELECT pg_sleep(0.2)").thenApply(c -> Thread.currentThread()).join();
        assertThat(t.getName()).startsWith("tusk-loop-");
        assertThat(t.isDaemon()).isTrue();
    }

    @Test
    void aConfiguredEventLoopGroupDrivesTheConnection() {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            AsyncConnection c = AsyncConnection.connect(dsn, ConnectOptions.builder().eventLoopGroup(group).build()).join();
            String name = c.execute("SELECT pg_sleep(0.2)").thenApply(x -> Thread.currentThread().getName()).join();
            assertThat(group.size()).isEqualTo(1);
            assertThat(name).startsWith("tusk-loop-");
            c.close();
        }
    }

    @Test
    void closeFailsNewCommandsAndCompletesTheCloseFuture() {
        AsyncConnection c = AsyncConnection.connect(dsn).join();
        CompletableFuture<AsyncCursor<Row>> pending = c.execute("SELECT 1");
        c.closeAsync().orTimeout(5, TimeUnit.SECONDS).join();
        // Issued before the graceful close: it completed.
        assertThat(pending.join().statusMessage()).isEqualTo("SELECT 1");
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isBroken()).isFalse();
        assertThat(Futures.failure(c.execute("SELECT 1"))).isInstanceOf(OperationalException.class)
                .hasMessageContaining("closed");
        assertThat(c.closeFuture()).isDone();
    }

    @Test
    void closeNowFailsWhatIsInFlight() {
        AsyncConnection c = AsyncConnection.connect(dsn).join();
        CompletableFuture<AsyncCursor<Row>> sleeping = c.execute("SELECT pg_sleep(10)");
        c.close();
        assertThat(Futures.failure(sleeping.orTimeout(5, TimeUnit.SECONDS))).isInstanceOf(OperationalException.class);
        c.closeFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void severalHostsAreTriedInOrder() {
        dev.tusk.conninfo.ConnInfo info = dev.tusk.conninfo.ConnInfo.parse(dsn);
        String host = info.get("host");
        String port = info.get("port");
        org.junit.jupiter.api.Assumptions.assumeTrue(host != null && port != null && !host.contains(","));
        String multi = dsn + " host=127.0.0.1," + host + " port=1," + port;
        AsyncConnection c = AsyncConnection.connect(multi).join();
        try {
            assertThat(c.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
        } finally {
            c.close();
        }
    }

    @Test
    void badConninfoAndUnreachableServersFailTheFuture() {
        assertThat(Futures.failure(AsyncConnection.connect("host=localhost port=notaport")))
                .isInstanceOf(ProgrammingException.class);
        assertThat(Futures.failure(AsyncConnection.connect("host=127.0.0.1 port=1 connect_timeout=5")))
                .isInstanceOf(OperationalException.class)
                .hasMessageContaining("127.0.0.1");
        assertThat(Futures.failure(AsyncConnection.connect("host=no-such-host.invalid port=5432")))
                .isInstanceOf(OperationalException.class)
                .hasMessageContaining("could not translate host name");
    }
}
