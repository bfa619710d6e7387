package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.PipelineAborted;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsyncPipelineTest {
    private final String dsn;
    private AsyncConnection conn;

    AsyncPipelineTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true).build()).join();
        conn.execute("CREATE TEMP TABLE p (id int PRIMARY KEY, v text)").join();
    }

    @AfterEach
    void close() {
        conn.close();
    }


    private Object one(String sql) {
        return conn.execute(sql).join().fetchOne().join().get(0);
    }

    @Test
    void statementsRunOnlyAtSyncAndCompleteInOrder() throws Exception {
        AsyncPipeline p = conn.pipeline();
        CompletableFuture<AsyncCursor<Row>> insert = p.execute("INSERT INTO p VALUES (%s, %s)", 1, "a");
        CompletableFuture<AsyncCursor<Row>> select = p.execute("SELECT v FROM p WHERE id = %(id)s", Map.of("id", 1));
        Thread.sleep(100);
        assertThat(insert).isNotDone();
        p.sync().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(insert.join().statusMessage()).isEqualTo("INSERT 0 1");
        assertThat(select.join().fetchOne().join().get(0)).isEqualTo("a");
    }

    @Test
    void anErrorAbortsTheRestOfTheGroupWhichRollsBackAsOneImplicitTransaction() {
        AsyncPipeline p = conn.pipeline();
        CompletableFuture<AsyncCursor<Row>> first = p.execute("INSERT INTO p VALUES (%s, 'x')", 1);
        CompletableFuture<AsyncCursor<Row>> failing = p.execute("SELECT 1 / %s", 0);
        CompletableFuture<AsyncCursor<Row>> skipped = p.execute("INSERT INTO p VALUES (%s, 'y')", 2);
        assertThat(Futures.failure(p.sync())).isInstanceOf(DivisionByZero.class);
        assertThat(first.join().statusMessage()).isEqualTo("INSERT 0 1");
        assertThat(Futures.failure(failing)).isInstanceOf(DivisionByZero.class);
        assertThat(Futures.failure(skipped)).isInstanceOf(PipelineAborted.class);
        assertThat(one("SELECT count(*) FROM p")).isEqualTo(0L);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        // The next group is unaffected.
        AsyncPipeline next = conn.pipeline();
        CompletableFuture<AsyncCursor<Row>> ok = next.execute("SELECT 'fine'");
        next.sync().join();
        assertThat(ok.join().fetchOne().join().get(0)).isEqualTo("fine");
    }

    @Test
    void withoutAutocommitAFailedGroupLeavesTheTransactionFailedUntilRollback() {
        AsyncConnection tx = AsyncConnection.connect(dsn).join();
        try {
            AsyncPipeline p = tx.pipeline();
            p.execute("SELECT 1");
            p.execute("SELECT 1 / 0");
            assertThat(Futures.failure(p.sync())).isInstanceOf(DivisionByZero.class);
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            tx.rollback().join();
            assertThat(tx.execute("SELECT 2").join().fetchOne().join().get(0)).isEqualTo(2);
        } finally {
            tx.close();
        }
    }

    @Test
    void preparedStatementsWorkInsideAndAcrossGroups() {
        for (int round = 0; round < 3; round++) {
            AsyncPipeline p = conn.pipeline();
            List<CompletableFuture<AsyncCursor<Row>>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(p.execute("SELECT %s::int8 * 2, now()::date IS NOT NULL", (long) i));
            }
            p.sync().join();
            for (int i = 0; i < 10; i++) {
                assertThat(results.get(i).join().fetchOne().join().toList()).containsExactly(i * 2L, true);
            }
        }
    }

    @Test
    void executeManyInsertsTenThousandRowsInOneGroup() {
        List<Object[]> sets = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sets.add(new Object[] {i, "v" + i});
        }
        AsyncCursor<Row> cur = conn.cursor().executeMany("INSERT INTO p VALUES (%s, %s)", sets)
                .orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(cur.rowCount()).isEqualTo(10_000);
        assertThat(one("SELECT count(*) FROM p")).isEqualTo(10_000L);
    }

    @Test
    void executeManyIsAllOrNothingWithAutocommit() {
        List<Object[]> sets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sets.add(new Object[] {i == 500 ? 0 : i, "v"});
        }
        Throwable e = Futures.failure(conn.cursor().executeMany("INSERT INTO p VALUES (%s, %s)", sets));
        assertThat(e).isInstanceOf(UniqueViolation.class);
        assertThat(one("SELECT count(*) FROM p")).isEqualTo(0L);
    }
}
