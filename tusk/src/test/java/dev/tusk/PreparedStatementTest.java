package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.types.Format;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PreparedStatementTest {
    private final String dsn;

    PreparedStatementTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    private static long prepared(Connection conn) {
        return conn.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '\\_tusk\\_%'")
                .fetchOne().get(0, Long.class);
    }

    private static ConnectOptions threshold(int n) {
        return ConnectOptions.builder().autocommit(true).prepareThreshold(n).build();
    }

    @Test
    void aQueryIsPreparedOnItsSixthUseByDefault() {
        try (Connection conn = Connection.connect(dsn, threshold(5))) {
            for (int i = 0; i < 5; i++) {
                assertThat(conn.execute("SELECT %s::int + 1", i).fetchOne().get(0)).isEqualTo(i + 1);
            }
            assertThat(prepared(conn)).isZero();
            assertThat(conn.execute("SELECT %s::int + 1", 5).fetchOne().get(0)).isEqualTo(6);
            assertThat(prepared(conn)).isEqualTo(1);
            for (int i = 6; i < 10; i++) {
                assertThat(conn.execute("SELECT %s::int + 1", i).fetchOne().get(0)).isEqualTo(i + 1);
            }
            assertThat(prepared(conn)).isEqualTo(1);
        }
    }

    @Test
    void aStatementWithoutParametersIsPreparedAndReadInBinaryToo() {
        try (Connection conn = Connection.connect(dsn, threshold(1))) {
            // A binary-only loader shows which format the server sent.
            conn.adapters().registerLoader(701, Format.BINARY, (buf, off, len, ctx) -> "binary");
            String sql = "SELECT 1.5::float8 AS f";
            assertThat(conn.execute(sql).fetchOne().get(0)).isEqualTo(1.5);
            assertThat(conn.execute(sql).fetchOne().get(0)).isEqualTo(1.5);
            assertThat(conn.execute(sql).fetchOne().get(0)).isEqualTo("binary");
            assertThat(conn.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s", sql)
                    .fetchOne().get(0)).isEqualTo(1L);
        }
    }

    @Test
    void loadersRegisteredBetweenExecutionsOfAPreparedStatementTakeEffect() {
        try (Connection conn = Connection.connect(dsn, threshold(0))) {
            Cursor<Row> cur = conn.cursor();
            String sql = "SELECT %s::float8 AS f";
            for (int i = 0; i < 3; i++) {
                assertThat(cur.execute(sql, 2.5).fetchOne().get(0)).isEqualTo(2.5);
            }
            // A text loader removes the binary one: the same statement now asks for text.
            cur.adapters().registerLoader(701, Format.TEXT, (buf, off, len, ctx) -> "text");
            assertThat(cur.execute(sql, 2.5).fetchOne().get(0)).isEqualTo("text");
            cur.adapters().registerLoader(701, Format.BINARY, (buf, off, len, ctx) -> "binary");
            assertThat(cur.execute(sql, 2.5).fetchOne().get(0)).isEqualTo("binary");
            // Same format, another loader.
            cur.adapters().registerLoader(701, Format.BINARY, (buf, off, len, ctx) -> "binary again");
            assertThat(cur.execute(sql, 2.5).fetchOne().get(0)).isEqualTo("binary again");
            // Another cursor, with the connection's loaders, runs the same statement its own way.
            assertThat(conn.execute(sql, 2.5).fetchOne().get(0)).isEqualTo(2.5);
            assertThat(cur.execute(sql, 2.5).fetchOne().get(0)).isEqualTo("binary again");
        }
    }

    @Test
    void severalStatementsWithoutParametersStillRunTogether() {
        try (Connection conn = Connection.connect(dsn, threshold(0))) {
            for (int i = 0; i < 3; i++) {
                Cursor<Row> cur = conn.cursor().execute("SELECT 1; SELECT ';' AS s; DO $$ BEGIN PERFORM 1; END $$");
                assertThat(cur.fetchOne().get(0)).isEqualTo(1);
                assertThat(cur.nextSet()).isTrue();
                assertThat(cur.fetchOne().get(0)).isEqualTo(";");
            }
            // One statement with semicolons inside quotes is prepared like any other.
            String body = "DO $$ BEGIN PERFORM 1; PERFORM ';'; END $$";
            conn.execute(body);
            conn.execute(body);
            assertThat(conn.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s", body)
                    .fetchOne().get(0)).isEqualTo(1L);
        }
    }

    @Test
    void aNegativeThresholdNeverPrepares() {
        try (Connection conn = Connection.connect(dsn, threshold(-1))) {
            for (int i = 0; i < 10; i++) {
                conn.execute("SELECT %s::int", i);
            }
            assertThat(prepared(conn)).isZero();
        }
    }

    @Test
    void preparedMaxClosesTheLeastRecentlyUsed() {
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true)
                .prepareThreshold(0).preparedMax(2).build())) {
            conn.execute("SELECT %s::int AS a", 1);
            conn.execute("SELECT %s::int AS b", 1);
            conn.execute("SELECT %s::int AS c", 1);
            assertThat(conn.execute("SELECT %s::int AS d", 1).fetchOne().get(0)).isEqualTo(1);
            // The count query is prepared too (threshold 0), evicting c: d and itself remain.
            assertThat(prepared(conn)).isEqualTo(2);
        }
    }

    @Test
    void preparedStatementsReturnTheSameValuesInBinary() {
        try (Connection conn = Connection.connect(dsn, threshold(0))) {
            String sql = "SELECT %s::int2, %s::int8, %s::float8, %s::numeric, %s::bool, %s::date, %s::timestamptz,"
                    + " %s::uuid, %s::text, %s::bytea, 'NaN'::numeric";
            Object[] args = {(short) 3, 4L, 1.5, new BigDecimal("-12345.6789"), true, LocalDate.of(2020, 2, 29),
                    OffsetDateTime.parse("2024-05-06T07:08:09.123456Z"), UUID.randomUUID(), "t", new byte[] {9}};
            Row text = Connection.connect(dsn, threshold(-1)).execute(sql, args).fetchOne();
            for (int i = 0; i < 3; i++) {
                Row binary = conn.execute(sql, args).fetchOne();
                assertThat(binary).isEqualTo(text);
            }
        }
    }

    @Test
    void aStatementGoneStaleAfterDdlIsPreparedAgainTransparentlyOutsideATransaction() {
        try (Connection conn = Connection.connect(dsn, threshold(0))) {
            conn.execute("CREATE TEMP TABLE stale (a int)");
            conn.execute("INSERT INTO stale VALUES (1)");
            assertThat(conn.execute("SELECT * FROM stale WHERE a = %s", 1).fetchOne().toList()).containsExactly(1);
            conn.execute("ALTER TABLE stale ADD COLUMN b text DEFAULT 'x'");
            assertThat(conn.execute("SELECT * FROM stale WHERE a = %s", 1).fetchOne().toList()).containsExactly(1, "x");
        }
    }

    @Test
    void insideATransactionAStaleStatementFailsOnceAndWorksAfterRollback() {
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().prepareThreshold(0).build())) {
            conn.execute("CREATE TEMP TABLE stale (a int)");
            conn.execute("INSERT INTO stale VALUES (1)");
            conn.execute("SELECT * FROM stale WHERE a = %s", 1);
            conn.commit();
            conn.execute("ALTER TABLE stale ADD COLUMN b text DEFAULT 'x'");
            conn.commit();
            assertThatThrownBy(() -> conn.execute("SELECT * FROM stale WHERE a = %s", 1))
                    .isInstanceOf(dev.tusk.errors.FeatureNotSupported.class)
                    .hasMessageContaining("cached plan must not change result type");
            conn.rollback();
            assertThat(conn.execute("SELECT * FROM stale WHERE a = %s", 1).fetchOne().toList()).containsExactly(1, "x");
        }
    }

    @Test
    void discardAllIsNoticedAndStatementsAreRePrepared() {
        try (Connection conn = Connection.connect(dsn, threshold(0))) {
            conn.execute("SELECT %s::int", 1);
            conn.execute("DISCARD ALL");
            assertThat(conn.execute("SELECT %s::int", 2).fetchOne().get(0)).isEqualTo(2);
        }
    }
}
