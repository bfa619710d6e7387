package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PipelineAborted;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.errors.SyntaxError;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pipeline mode against a real server: {@link Connection#pipeline()} and the pipelined {@code executeMany}. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipelineTest {
    private final String dsn;
    private final String table = "pipeline_" + UUID.randomUUID().toString().replace("-", "");
    private Connection conn;

    PipelineTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = connect(true);
        conn.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
    }

    @AfterEach
    void tearDown() {
        conn.close();
        try (Connection c = connect(true)) {
            c.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private Connection connect(boolean autocommit) {
        return Connection.connect(dsn, ConnectOptions.builder().autocommit(autocommit).build());
    }

    /** Rows in the table, seen from another connection (committed work only). */
    private long committedRows() {
        try (Connection other = connect(true)) {
            return other.execute("SELECT count(*) FROM " + table).fetchOne().get(0, Long.class);
        }
    }

    private String insert() {
        return "INSERT INTO " + table + " (id, v) VALUES (%s, %s)";
    }

    @Test
    void statementsAreSentWithoutWaitingAndTheirResultsArriveInOrderAtTheSync() {
        List<Cursor<Row>> cursors = new ArrayList<>();
        try (Pipeline p = conn.pipeline()) {
            cursors.add(conn.execute(insert() + " RETURNING id", 1, "a"));
            cursors.add(conn.execute(insert() + " RETURNING id", 2, "b"));
            cursors.add(conn.execute("UPDATE " + table + " SET v = upper(v)"));
            cursors.add(conn.execute("SELECT id, v FROM " + table + " ORDER BY id"));
            // Nothing has come back yet: the statements await their sync.
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.ACTIVE);
            p.sync();
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
        assertThat(cursors.get(0).fetchOne().get(0)).isEqualTo(1);
        assertThat(cursors.get(1).fetchOne().get(0)).isEqualTo(2);
        assertThat(cursors.get(2).rowCount()).isEqualTo(2);
        assertThat(cursors.get(2).statusMessage()).isEqualTo("UPDATE 2");
        Cursor<Row> select = cursors.get(3);
        assertThat(select.description()).extracting(Column::name).containsExactly("id", "v");
        assertThat(select.rowCount()).isEqualTo(2);
        assertThat(select.fetchAll()).extracting(Row::toList).containsExactly(List.of(1, "A"), List.of(2, "B"));
        assertThat(committedRows()).isEqualTo(2);
    }

    @Test
    void anErrorMidGroupIsThrownAtTheSyncAndTheRestOfTheGroupIsAborted() {
        Cursor<Row> first;
        Cursor<Row> duplicate;
        Cursor<Row> after;
        Cursor<Row> select;
        try (Pipeline p = conn.pipeline()) {
            first = conn.execute(insert(), 1, "a");
            duplicate = conn.execute(insert(), 1, "again");
            after = conn.execute(insert(), 2, "b");
            select = conn.execute("SELECT count(*) FROM " + table);
            assertThatThrownBy(p::sync).isInstanceOf(UniqueViolation.class).hasMessageContaining("duplicate key");
        }
        // The group was one implicit transaction: the first insert went with it.
        assertThat(committedRows()).isZero();
        assertThat(first.rowCount()).isEqualTo(1);
        assertThatThrownBy(duplicate::fetchOne).isInstanceOf(UniqueViolation.class);
        assertThatThrownBy(after::fetchOne).isInstanceOf(PipelineAborted.class).isInstanceOf(OperationalException.class);
        assertThatThrownBy(select::fetchAll).isInstanceOf(PipelineAborted.class);
        assertThat(after.rowCount()).isEqualTo(-1);

        assertThat(conn.isBroken()).isFalse();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        conn.execute(insert(), 3, "c");
        assertThat(committedRows()).isEqualTo(1);
    }

    @Test
    void closingTheBlockSyncsAndThrowsAnErrorOnlyOnce() {
        assertThatThrownBy(() -> {
            try (Pipeline p = conn.pipeline()) {
                conn.execute(insert(), 1, "a");
                conn.execute(insert(), 1, "b");
            }
        }).isInstanceOf(UniqueViolation.class);

        Pipeline p = conn.pipeline();
        conn.execute(insert(), 5, "a");
        conn.execute(insert(), 5, "b");
        assertThatThrownBy(p::sync).isInstanceOf(UniqueViolation.class);
        assertThatCode(p::close).doesNotThrowAnyException();
        assertThatThrownBy(p::sync).isInstanceOf(ProgrammingException.class).hasMessageContaining("closed");
        assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void fetchingAStatementStillInFlightSyncsThePipeline() {
        try (Pipeline p = conn.pipeline()) {
            conn.execute(insert(), 1, "a");
            Cursor<Row> cur = conn.execute("SELECT v FROM " + table + " WHERE id = %s", 1);
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.ACTIVE);
            assertThat(cur.fetchOne().get(0)).isEqualTo("a");
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(committedRows()).isEqualTo(1);

            // Still in pipeline mode: the next statement waits for the next sync.
            Cursor<Row> later = conn.execute("SELECT %s::int", 7);
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.ACTIVE);
            assertThat(later.description()).extracting(Column::name).containsExactly("int4");
        }
    }

    @Test
    void aForcedSyncThrowsTheGroupsFirstErrorThenTheCursorItsOwn() {
        try (Pipeline p = conn.pipeline()) {
            conn.execute(insert(), 1, "a");
            conn.execute(insert(), 1, "b");
            Cursor<Row> skipped = conn.execute("SELECT 1");
            assertThatThrownBy(skipped::fetchOne).isInstanceOf(UniqueViolation.class);
            assertThatThrownBy(skipped::fetchOne).isInstanceOf(PipelineAborted.class);
        }
        assertThat(committedRows()).isZero();
    }

    @Test
    void executeWithoutParametersGoesAsOneExtendedStatement() {
        try (Pipeline p = conn.pipeline()) {
            Cursor<Row> percent = conn.execute("SELECT '100%'");
            assertThat(percent.fetchOne().get(0)).isEqualTo("100%");
            conn.execute("SELECT 1; SELECT 2");
            assertThatThrownBy(p::sync).isInstanceOf(SyntaxError.class)
                    .hasMessageContaining("cannot insert multiple commands into a prepared statement");
        }
        assertThat(conn.execute("SELECT 1; SELECT 2").fetchOne().get(0)).as("outside, the simple protocol").isEqualTo(1);
    }

    @Test
    void withoutAutocommitTheGroupOpensATransactionThatLastsUntilCommit() {
        try (Connection tx = connect(false)) {
            try (Pipeline p = tx.pipeline()) {
                tx.execute(insert(), 1, "a");
                tx.execute(insert(), 2, "b");
                p.sync();
                assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
                tx.execute(insert(), 3, "c");
            }
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
            assertThat(committedRows()).isZero();
            tx.commit();
            assertThat(committedRows()).isEqualTo(3);
        }
    }

    @Test
    void anErrorInsideATransactionLeavesItFailedAndRollbackRecovers() {
        try (Connection tx = connect(false)) {
            tx.execute(insert(), 1, "a");
            tx.commit();
            Pipeline p = tx.pipeline();
            tx.execute(insert(), 2, "b");
            tx.execute(insert(), 1, "dup");
            Cursor<Row> skipped = tx.execute(insert(), 3, "c");
            assertThatThrownBy(p::sync).isInstanceOf(UniqueViolation.class);
            assertThatThrownBy(skipped::fetchOne).isInstanceOf(PipelineAborted.class);
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            tx.rollback();
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            tx.execute(insert(), 4, "d");
            p.close();
            tx.commit();
            assertThat(committedRows()).isEqualTo(2);
        }
    }

    @Test
    void commitInAPipelineSyncsFirstAndCommitsNothingIfTheGroupFailed() {
        try (Connection tx = connect(false); Pipeline p = tx.pipeline()) {
            tx.execute(insert(), 1, "a");
            tx.commit();
            assertThat(committedRows()).isEqualTo(1);
            tx.execute(insert(), 2, "b");
            tx.execute(insert(), 2, "b");
            assertThatThrownBy(tx::commit).isInstanceOf(UniqueViolation.class);
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            tx.rollback();
            assertThat(committedRows()).isEqualTo(1);
        }
    }

    @Test
    void rollbackInAPipelineRollsBackEvenAfterAFailedGroupThenThrowsItsError() {
        try (Connection tx = connect(false); Pipeline p = tx.pipeline()) {
            tx.execute(insert(), 1, "a");
            tx.execute(insert(), 1, "dup");
            assertThatThrownBy(tx::rollback).isInstanceOf(UniqueViolation.class);
            assertThat(tx.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            tx.execute(insert(), 2, "b");
            tx.commit();
        }
        assertThat(committedRows()).isEqualTo(1);
    }

    @Test
    void aTransactionBlockInAPipelineCommitsOrRollsBackWithItsGroup() {
        try (Pipeline p = conn.pipeline()) {
            try (Transaction tx = conn.transaction()) {
                conn.execute(insert(), 1, "a");
                tx.commit();
            }
            assertThatThrownBy(() -> {
                try (Transaction tx = conn.transaction()) {
                    conn.execute(insert(), 2, "b");
                    conn.execute(insert(), 1, "dup");
                    tx.commit();
                }
            }).isInstanceOf(UniqueViolation.class);
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
        assertThat(committedRows()).isEqualTo(1);
    }

    @Test
    void preparedStatementsWorkInsideAndAcrossPipelinesWithBinaryResults() {
        String sql = "SELECT %s::int2, %s::int8, %s::float8, %s::numeric, %s::bool, %s::date, %s::text, %s::uuid";
        List<Object[]> args = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            args.add(new Object[] {(short) i, 10L * i, i + 0.5, new BigDecimal("-12.3").add(BigDecimal.valueOf(i)),
                    i % 2 == 0, LocalDate.of(2020, 2, 29).plusDays(i), "t" + i, UUID.randomUUID()});
        }
        List<Row> expected = new ArrayList<>();
        try (Connection text = Connection.connect(dsn, ConnectOptions.builder().autocommit(true)
                .prepareThreshold(-1).build())) {
            for (Object[] a : args) {
                expected.add(text.execute(sql, a).fetchOne());
            }
        }
        for (int round = 0; round < 2; round++) {
            List<Cursor<Row>> cursors = new ArrayList<>();
            try (Pipeline p = conn.pipeline()) {
                for (Object[] a : args) {
                    cursors.add(conn.execute(sql, a));
                }
            }
            for (int i = 0; i < args.size(); i++) {
                assertThat(cursors.get(i).fetchOne()).as("round %d, execution %d", round, i).isEqualTo(expected.get(i));
            }
        }
        long prepared = conn.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '\\_tusk\\_%'")
                .fetchOne().get(0, Long.class);
        assertThat(prepared).isEqualTo(1);
    }

    @Test
    void aCommitFailingAtTheSyncItselfIsThrownBySync() {
        conn.execute("CREATE TEMP TABLE deferred (k int UNIQUE DEFERRABLE INITIALLY DEFERRED)");
        Cursor<Row> second;
        try (Pipeline p = conn.pipeline()) {
            conn.execute("INSERT INTO deferred VALUES (%s)", 1);
            second = conn.execute("INSERT INTO deferred VALUES (%s)", 1);
            // Both inserts succeed; the implicit transaction fails to commit at the Sync.
            assertThatThrownBy(p::sync).isInstanceOf(UniqueViolation.class);
        }
        assertThat(second.rowCount()).isEqualTo(1);
        assertThat(conn.execute("SELECT count(*) FROM deferred").fetchOne().get(0)).isEqualTo(0L);
    }

    @Test
    void aStaleStatementFailsInAPipelineWithoutRetryAndIsPreparedAgainNextTime() {
        try (Connection c = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).prepareThreshold(0)
                .build())) {
            String select = "SELECT * FROM " + table + " WHERE id = %s";
            c.execute(insert(), 1, "a");
            assertThat(c.execute(select, 1).fetchOne().toList()).containsExactly(1, "a");
            c.execute("ALTER TABLE " + table + " ADD COLUMN extra text DEFAULT 'x'");
            try (Pipeline p = c.pipeline()) {
                c.execute(select, 1);
                assertThatThrownBy(p::sync).isInstanceOf(dev.tusk.errors.FeatureNotSupported.class)
                        .hasMessageContaining("cached plan must not change result type");
                Cursor<Row> again = c.execute(select, 1);
                assertThat(again.fetchOne().toList()).containsExactly(1, "a", "x");
            }
        }
    }

    @Test
    void executeManySendsEveryRowInOneGroup() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new Object[] {i, "row " + i});
        }
        try (Cursor<Row> cur = conn.cursor()) {
            cur.executeMany(insert(), rows);
            assertThat(cur.rowCount()).isEqualTo(10_000);
        }
        assertThat(committedRows()).isEqualTo(10_000);
        assertThat(conn.execute("SELECT v FROM " + table + " WHERE id = 9999").fetchOne().get(0)).isEqualTo("row 9999");
    }

    @Test
    void executeManyWithAutocommitIsAllOrNothing() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // Set #500 (index 499) repeats the key of the first set.
            rows.add(new Object[] {i == 499 ? 0 : i, "row " + i});
        }
        try (Cursor<Row> cur = conn.cursor()) {
            assertThatThrownBy(() -> cur.executeMany(insert(), rows)).isInstanceOf(UniqueViolation.class)
                    .hasMessageContaining("duplicate key");
            assertThat(cur.rowCount()).isEqualTo(-1);
        }
        assertThat(committedRows()).isZero();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void executeManyRejectsAMalformedSetBeforeSendingAnything() {
        List<Object> rows = List.of(new Object[] {1, "a"}, new Object[] {2});
        try (Cursor<Row> cur = conn.cursor()) {
            assertThatThrownBy(() -> cur.executeMany(insert(), rows)).isInstanceOf(ProgrammingException.class);
        }
        assertThat(committedRows()).isZero();
    }

    @Test
    void executeManyInsideAPipelineJoinsItsGroup() {
        try (Pipeline p = conn.pipeline(); Cursor<Row> cur = conn.cursor()) {
            cur.executeMany(insert(), List.of(List.of(1, "a"), List.of(2, "b")));
            assertThat(conn.transactionStatus()).as("not synced yet").isEqualTo(TransactionStatus.ACTIVE);
            Cursor<Row> count = conn.execute("SELECT count(*) FROM " + table);
            assertThat(cur.rowCount()).isEqualTo(2);
            assertThat(count.fetchOne().get(0)).isEqualTo(2L);
        }
    }

    @Test
    void aLargeGroupDoesNotDeadlock() {
        // 5,000 statements of 8 KiB each way: far more than the socket buffers hold, so the
        // driver must read replies while it is still writing.
        String big = "x".repeat(8192);
        List<Cursor<Row>> cursors = new ArrayList<>();
        try (Pipeline p = conn.pipeline()) {
            for (int i = 0; i < 5_000; i++) {
                cursors.add(conn.execute("SELECT %s::int, %s::text", i, big));
            }
        }
        for (int i = 0; i < cursors.size(); i += 999) {
            Row r = cursors.get(i).fetchOne();
            assertThat(r.get(0)).isEqualTo(i);
            assertThat(r.get(1, String.class)).hasSize(8192);
        }
    }

    @Test
    void theTimeoutBoundsTheSyncAsAWhole() {
        try (Cursor<Row> cur = conn.cursor()) {
            cur.setTimeout(Duration.ofMillis(1000));
            Pipeline p = conn.pipeline();
            // Each sleep is within the timeout; together they are not.
            for (int i = 0; i < 4; i++) {
                cur.execute("SELECT pg_sleep(%s)", 0.4);
            }
            long start = System.nanoTime();
            assertThatThrownBy(p::sync).isInstanceOf(QueryTimeoutException.class).hasMessageContaining("1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            p.close();
        }
        assertThat(conn.isBroken()).isFalse();
        assertThat(conn.execute("SELECT 42").fetchOne().get(0)).isEqualTo(42);
    }

    @Test
    void nestedBlocksSyncWhenTheyCloseAndPipelineModeEndsWithTheOutermost() {
        try (Pipeline outer = conn.pipeline()) {
            conn.execute(insert(), 1, "a");
            try (Pipeline inner = conn.pipeline()) {
                conn.execute(insert(), 2, "b");
            }
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(committedRows()).isEqualTo(2);
            conn.execute(insert(), 3, "c");
            assertThat(conn.transactionStatus()).as("still pipelined").isEqualTo(TransactionStatus.ACTIVE);
        }
        assertThat(committedRows()).isEqualTo(3);
        conn.execute(insert(), 4, "d");
        assertThat(conn.transactionStatus()).as("no longer pipelined").isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void copyFromStdinInAPipelineBreaksTheConnectionInsteadOfHanging() {
        try (Pipeline p = conn.pipeline()) {
            conn.execute("COPY " + table + " FROM STDIN");
            assertThatThrownBy(p::sync).isInstanceOf(NotSupportedException.class).hasMessageContaining("pipeline");
        }
        assertThat(conn.isBroken()).isTrue();
    }
}
