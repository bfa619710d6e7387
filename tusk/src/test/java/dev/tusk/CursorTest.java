package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CursorTest {
    private final String dsn;
    private Connection conn;
    private Cursor<Row> cur;

    CursorTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = Connection.connect(dsn);
        cur = conn.cursor();
        cur.execute("CREATE TEMP TABLE test (id serial PRIMARY KEY, num integer, data text)");
        cur.execute("INSERT INTO test (num, data) VALUES (100, 'abc''def'), (NULL, 'dada'), (42, 'bar')");
    }

    @AfterEach
    void tearDown() {
        conn.close();
    }

    private static List<Object> values(Row r) {
        return r.toList();
    }

    @Test
    void positionalAndNamedParametersBind() {
        cur.execute("SELECT %s::int + %s::int", 1, 2);
        assertThat(cur.fetchOne().get(0)).isEqualTo(3);
        cur.execute("SELECT %(a)s::text || %(b)s::text || %(a)s::text", Map.of("a", "x", "b", "y", "unused", 1));
        assertThat(cur.fetchOne().get(0)).isEqualTo("xyx");
        cur.execute("SELECT %s::text IS NULL", (Object) null);
        assertThat(cur.fetchOne().get(0)).isEqualTo(true);
    }

    @Test
    void doublePercentIsALiteralPercentAndPercentIsPlainWithoutParameters() {
        cur.execute("SELECT '100%%' || %s::text", "!");
        assertThat(cur.fetchOne().get(0)).isEqualTo("100%!");
        cur.execute("SELECT '100%'");
        assertThat(cur.fetchOne().get(0)).isEqualTo("100%");
    }

    @Test
    void placeholderMismatchFailsBeforeAnythingIsSent() {
        assertThatThrownBy(() -> cur.execute("SELECT %s, %s", 1))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("placeholder");
        assertThatThrownBy(() -> cur.execute("SELECT %(a)s", Map.of("b", 1)))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("a");
        assertThatThrownBy(() -> cur.execute("SELECT %x", 1)).isInstanceOf(ProgrammingException.class);
        // Nothing reached the server: the transaction opened by setUp is intact and usable.
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        assertThat(cur.execute("SELECT count(*) FROM test").fetchOne().get(0)).isEqualTo(3L);
    }

    @Test
    void fetchOneReturnsNullAtTheEnd() {
        cur.execute("SELECT num FROM test ORDER BY id");
        assertThat(cur.rowNumber()).isEqualTo(0);
        assertThat(cur.fetchOne().get(0)).isEqualTo(100);
        assertThat(cur.fetchOne().get(0)).isNull();
        assertThat(cur.fetchOne().get(0)).isEqualTo(42);
        assertThat(cur.rowNumber()).isEqualTo(3);
        assertThat(cur.fetchOne()).isNull();
    }

    @Test
    void fetchManyUsesArraySizeAndReturnsFewerAtTheEnd() {
        cur.execute("SELECT id FROM test ORDER BY id");
        assertThat(cur.arraySize()).isEqualTo(1);
        assertThat(cur.fetchMany()).hasSize(1);
        cur.setArraySize(5);
        assertThat(cur.fetchMany()).hasSize(2);
        assertThat(cur.fetchMany()).isEmpty();
        cur.execute("SELECT id FROM test ORDER BY id");
        assertThat(cur.fetchMany(2)).hasSize(2);
        assertThat(cur.fetchMany(2)).hasSize(1);
        assertThatThrownBy(() -> cur.setArraySize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fetchAllAndIterationReturnTheRemainingRows() {
        cur.execute("SELECT data FROM test ORDER BY id");
        cur.fetchOne();
        assertThat(cur.fetchAll()).extracting(r -> r.get(0)).containsExactly("dada", "bar");
        assertThat(cur.fetchAll()).isEmpty();
        cur.execute("SELECT data FROM test ORDER BY id");
        List<Object> seen = new ArrayList<>();
        for (Row r : cur) {
            seen.add(r.get(0));
        }
        assertThat(seen).containsExactly("abc'def", "dada", "bar");
    }

    @Test
    void fetchingWithoutAResultIsAProgrammingError() {
        try (Cursor<Row> fresh = conn.cursor()) {
            assertThatThrownBy(fresh::fetchOne).isInstanceOf(ProgrammingException.class).hasMessageContaining("no result");
        }
        cur.execute("INSERT INTO test (num) VALUES (%s)", 1);
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class).hasMessageContaining("didn't produce");
        assertThat(cur.description()).isNull();
    }

    @Test
    void descriptionDescribesEachColumn() {
        cur.execute("SELECT 1::int4 AS i, 'x'::varchar(10) AS v, 1.5::numeric(8,3) AS n, 'c'::char(3) AS c, now() AS t");
        List<Column> d = cur.description();
        assertThat(d).extracting(Column::name).containsExactly("i", "v", "n", "c", "t");
        assertThat(d.get(0).typeCode()).isEqualTo(23);
        assertThat(d.get(0).internalSize()).isEqualTo(4);
        assertThat(d.get(1).typeCode()).isEqualTo(1043);
        assertThat(d.get(1).displaySize()).isEqualTo(10);
        assertThat(d.get(1).internalSize()).isNull();
        assertThat(d.get(2).precision()).isEqualTo(8);
        assertThat(d.get(2).scale()).isEqualTo(3);
        assertThat(d.get(3).displaySize()).isEqualTo(3);
        assertThat(d.get(4).typeCode()).isEqualTo(1184);
        assertThat(d.get(0).nullOk()).isNull();
    }

    @Test
    void rowCountStatusMessageAndLastRowId() {
        try (Cursor<Row> fresh = conn.cursor()) {
            assertThat(fresh.rowCount()).isEqualTo(-1);
            assertThat(fresh.statusMessage()).isNull();
            assertThat(fresh.query()).isNull();
        }
        cur.execute("INSERT INTO test (num, data) VALUES (%s, %s)", 1, "one");
        assertThat(cur.rowCount()).isEqualTo(1);
        assertThat(cur.statusMessage()).isEqualTo("INSERT 0 1");
        assertThat(cur.lastRowId()).isNull();
        cur.execute("UPDATE test SET num = num + 1 WHERE num IS NOT NULL");
        assertThat(cur.rowCount()).isEqualTo(3);
        assertThat(cur.statusMessage()).isEqualTo("UPDATE 3");
        cur.execute("SELECT * FROM test");
        assertThat(cur.rowCount()).isEqualTo(4);
        cur.execute("CREATE TEMP TABLE other (x int)");
        assertThat(cur.rowCount()).isEqualTo(-1);
        assertThat(cur.statusMessage()).isEqualTo("CREATE TABLE");
    }

    @Test
    void executeManyRunsOncePerParameterSetAndSumsRowCount() {
        cur.executeMany("INSERT INTO test (num, data) VALUES (%s, %s)",
                List.of(new Object[] {1, "a"}, List.of(2, "b"), new Object[] {3, null}));
        assertThat(cur.rowCount()).isEqualTo(3);
        cur.executeMany("UPDATE test SET data = %(d)s WHERE num = %(n)s", List.of(Map.of("d", "x", "n", 1), Map.of("d", "y", "n", 2)));
        assertThat(cur.rowCount()).isEqualTo(2);
        assertThat(cur.execute("SELECT count(*) FROM test").fetchOne().get(0)).isEqualTo(6L);
        assertThatThrownBy(() -> cur.executeMany("SELECT %s", List.of("not a sequence")))
                .isInstanceOf(ProgrammingException.class);
    }

    @Test
    void executeManyStopsAtTheFirstError() {
        cur.execute("CREATE TEMP TABLE uniq (x int PRIMARY KEY)");
        conn.commit();
        assertThatThrownBy(() -> cur.executeMany("INSERT INTO uniq VALUES (%s)",
                List.of(new Object[] {1}, new Object[] {1}, new Object[] {2})))
                .isInstanceOf(dev.tusk.errors.UniqueViolation.class);
        conn.rollback();
        assertThat(cur.execute("SELECT count(*) FROM uniq").fetchOne().get(0)).isEqualTo(0L);
    }

    @Test
    void queryShowsTheLastQueryWithLiterals() {
        cur.execute("INSERT INTO test (num, data) VALUES (%s, %s)", 42, "bar");
        assertThat(cur.query()).isEqualTo("INSERT INTO test (num, data) VALUES (42, 'bar')");
        cur.execute("SELECT 'plain %'");
        assertThat(cur.query()).isEqualTo("SELECT 'plain %'");
    }

    @Test
    void mogrifyRendersLiteralsWithoutSending() {
        assertThat(cur.mogrify("SELECT %s, %s, %s, %s", 1, "it's", null, true)).isEqualTo("SELECT 1, 'it''s', NULL, true");
        assertThat(cur.mogrify("SELECT %(x)s + %(x)s", Map.of("x", 2))).isEqualTo("SELECT 2 + 2");
        String literal = cur.mogrify("%s", "back\\slash");
        assertThat(cur.execute("SELECT " + literal).fetchOne().get(0)).isEqualTo("back\\slash");
    }

    @Test
    void callProcCallsAFunctionAndReturnsItsArguments() {
        cur.execute("CREATE FUNCTION pg_temp.add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'");
        Object[] args = cur.callProc("pg_temp.add", 2, 3);
        assertThat(args).containsExactly(2, 3);
        assertThat(cur.fetchOne().get(0)).isEqualTo(5);
        cur.callProc("pg_temp.add", Map.of("b", 10, "a", 1));
        assertThat(cur.fetchOne().get(0)).isEqualTo(11);
        assertThatThrownBy(() -> cur.callProc("x; DROP TABLE test", 1)).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void scrollMovesAndOutOfRangeKeepsThePosition() {
        cur.execute("SELECT generate_series(0, 9)");
        cur.scroll(3);
        assertThat(cur.fetchOne().get(0)).isEqualTo(3);
        cur.scroll(-2);
        assertThat(cur.fetchOne().get(0)).isEqualTo(2);
        cur.scroll(9, ScrollMode.ABSOLUTE);
        assertThat(cur.fetchOne().get(0)).isEqualTo(9);
        cur.scroll(5, ScrollMode.ABSOLUTE);
        assertThatThrownBy(() -> cur.scroll(10, ScrollMode.ABSOLUTE)).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> cur.scroll(-6)).isInstanceOf(ProgrammingException.class);
        assertThat(cur.rowNumber()).isEqualTo(5);
        assertThat(cur.fetchOne().get(0)).isEqualTo(5);
    }

    @Test
    void nextSetWalksTheResultsOfSeveralStatements() {
        cur.execute("SELECT 1; UPDATE test SET num = 0 WHERE num = 42; SELECT 'a', 'b'");
        assertThat(cur.fetchAll()).extracting(CursorTest::values).containsExactly(List.of(1));
        assertThat(cur.nextSet()).isTrue();
        assertThat(cur.statusMessage()).isEqualTo("UPDATE 1");
        assertThat(cur.rowCount()).isEqualTo(1);
        assertThat(cur.nextSet()).isTrue();
        assertThat(values(cur.fetchOne())).containsExactly("a", "b");
        assertThat(cur.nextSet()).isFalse();
        assertThat(cur.nextSet()).isFalse();
    }

    @Test
    void anEmptyQueryHasNoResult() {
        cur.execute("");
        assertThat(cur.statusMessage()).isNull();
        assertThat(cur.description()).isNull();
    }

    @Test
    void copyIsRefusedCleanlyAndTheConnectionStaysUsable() {
        conn.commit();
        conn.setAutocommit(true);
        assertThatThrownBy(() -> cur.execute("COPY test TO STDOUT"))
                .isInstanceOf(dev.tusk.errors.NotSupportedException.class).hasMessageContaining("COPY TO STDOUT");
        assertThatThrownBy(() -> cur.execute("COPY test FROM STDIN"))
                .isInstanceOf(dev.tusk.errors.QueryCanceled.class).hasMessageContaining("COPY FROM STDIN is not supported");
        assertThatThrownBy(() -> cur.execute("COPY test FROM STDIN", new Object[0]))
                .isInstanceOf(dev.tusk.errors.QueryCanceled.class);
        assertThatThrownBy(() -> cur.execute("COPY test TO STDOUT", new Object[0]))
                .isInstanceOf(dev.tusk.errors.NotSupportedException.class);
        assertThat(cur.execute("SELECT count(*) FROM test").fetchOne().get(0)).isEqualTo(3L);
        assertThat(conn.isBroken()).isFalse();
    }

    @Test
    void aFailedExecuteLeavesNoResultBehind() {
        cur.execute("SELECT 1");
        assertThatThrownBy(() -> cur.execute("SELECT 1; SELECT 1/0")).isInstanceOf(dev.tusk.errors.DivisionByZero.class);
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class).hasMessageContaining("no result");
    }

    @Test
    void aClosedCursorRaisesAnInterfaceError() {
        cur.close();
        assertThat(cur.isClosed()).isTrue();
        assertThatThrownBy(() -> cur.execute("SELECT 1")).isInstanceOf(InterfaceException.class).hasMessageContaining("closed");
        assertThatThrownBy(cur::fetchOne).isInstanceOf(InterfaceException.class);
    }

    @Test
    void conninfoExecuteReturnsAUsableCursor() {
        assertThat(conn.execute("SELECT %s::text", "x").fetchOne().get(0)).isEqualTo("x");
        assertThat(conn.execute("SELECT %(v)s::int", Map.of("v", 7)).fetchOne().get(0)).isEqualTo(7);
    }

    @Test
    void aSqlStringWithNulIsRejectedAndTheConnectionStaysUsable() {
        assertThatThrownBy(() -> cur.execute("SELECT 1\0")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> cur.execute("SELECT %s::text", "a\0b")).isInstanceOf(dev.tusk.errors.DataException.class);
        assertThat(cur.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
    }
}
