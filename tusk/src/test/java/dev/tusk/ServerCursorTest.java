package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.InvalidCursorName;
import dev.tusk.errors.NoActiveSqlTransaction;
import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.ObjectNotInPrerequisiteState;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.SyntaxError;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ServerCursorTest {
    private final String dsn;
    private Connection conn;

    ServerCursorTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = Connection.connect(dsn);
    }

    @AfterEach
    void tearDown() {
        conn.close();
    }

    /** The cursors open in this session, as the server lists them (but this query's own unnamed portal). */
    private List<String> serverCursors(Connection c) {
        List<String> names = new ArrayList<>();
        for (Row r : c.execute("SELECT name FROM pg_cursors WHERE name <> '' ORDER BY name")) {
            names.add((String) r.get(0));
        }
        return names;
    }

    private static List<Integer> ints(List<Row> rows) {
        return rows.stream().map(r -> r.get(0, Integer.class)).toList();
    }

    @Test
    void iteratesAHundredThousandRowsOneBatchAtATime() {
        try (ServerCursor<Row> cur = conn.cursor("big")) {
            cur.setItersize(1000);
            cur.execute("SELECT g, repeat('x', 10) FROM generate_series(1, 100000) AS g");
            assertThat(cur.rowCount()).isZero();
            long expected = 1;
            long maxHeld = 0;
            for (Row row : cur) {
                assertThat(row.get(0, Long.class)).isEqualTo(expected);
                // Rows read from the server but not yet returned: never more than one batch,
                // and the server is asked again only when the batch is used up.
                long held = cur.rowCount() - cur.rowNumber();
                maxHeld = Math.max(maxHeld, held);
                assertThat(cur.rowCount()).isEqualTo((expected + 999) / 1000 * 1000);
                if (expected == 1) {
                    assertThat(cur.rowNumber()).isEqualTo(1);
                    assertThat(serverCursors(conn)).containsExactly("big");
                    assertThat(cur.statusMessage()).isEqualTo("FETCH 1000");
                }
                expected++;
            }
            assertThat(expected - 1).isEqualTo(100000);
            assertThat(maxHeld).isEqualTo(999);
            assertThat(cur.rowNumber()).isEqualTo(100000);
            assertThat(cur.fetchOne()).isNull();
        }
        assertThat(serverCursors(conn)).isEmpty();
    }

    @Test
    void iterationResumesWhereFetchingStopped() {
        try (ServerCursor<Row> cur = conn.cursor("c")) {
            cur.setItersize(2);
            cur.execute("SELECT generate_series(1, 5)");
            Iterator<Row> it = cur.iterator();
            assertThat(it.next().get(0)).isEqualTo(1);
            // The second row of the batch is still held; fetchOne returns it without a FETCH.
            assertThat(cur.fetchOne().get(0)).isEqualTo(2);
            assertThat(cur.rowCount()).isEqualTo(2);
            List<Object> rest = new ArrayList<>();
            it.forEachRemaining(r -> rest.add(r.get(0)));
            assertThat(rest).containsExactly(3, 4, 5);
            assertThat(cur.iterator().hasNext()).isFalse();
        }
    }

    @Test
    void positionalAndNamedParametersTravelOutOfBand() {
        try (ServerCursor<Row> cur = conn.cursor("p")) {
            cur.execute("SELECT g, %s::text FROM generate_series(1, %s) AS g WHERE g > %s", "it's", 5, 2);
            assertThat(cur.fetchAll()).extracting(Row::toList)
                    .containsExactly(List.of(3, "it's"), List.of(4, "it's"), List.of(5, "it's"));
            assertThat(cur.query()).isEqualTo(
                    "DECLARE \"p\" CURSOR FOR SELECT g, 'it''s'::text FROM generate_series(1, 5) AS g WHERE g > 2");

            cur.execute("SELECT %(a)s::int + g, '100%%' FROM generate_series(1, %(n)s) AS g", Map.of("a", 10, "n", 2));
            assertThat(cur.fetchAll()).extracting(Row::toList).containsExactly(List.of(11, "100%"), List.of(12, "100%"));

            cur.execute("SELECT '100%'");
            assertThat(cur.fetchOne().get(0)).isEqualTo("100%");
        }
    }

    @Test
    void descriptionIsKnownRightAfterExecuteWithoutReadingRows() {
        try (ServerCursor<Row> cur = conn.cursor("d")) {
            assertThat(cur.description()).isNull();
            assertThat(cur.rowNumber()).isNull();
            assertThat(cur.rowCount()).isEqualTo(-1);
            cur.execute("SELECT 1::int4 AS a, 'x'::text AS b, 1 / (g - g) AS boom FROM generate_series(1, 2) AS g");
            assertThat(cur.description()).extracting(Column::name).containsExactly("a", "b", "boom");
            assertThat(cur.description().get(0).typeCode()).isEqualTo(23);
            assertThat(cur.rowNumber()).isZero();
            assertThat(cur.rowCount()).isZero();
            // Describing computed nothing: the division runs only when a row is fetched.
            assertThatThrownBy(cur::fetchOne).isInstanceOf(DivisionByZero.class);
        }
    }

    @Test
    void fetchOneFetchManyFetchAll() {
        try (ServerCursor<Row> cur = conn.cursor("f")) {
            cur.execute("SELECT generate_series(1, %s)", 10);
            assertThat(cur.fetchOne().get(0)).isEqualTo(1);
            assertThat(cur.statusMessage()).isEqualTo("FETCH 1");
            assertThat(ints(cur.fetchMany(3))).containsExactly(2, 3, 4);
            assertThat(cur.rowNumber()).isEqualTo(4);
            cur.setArraySize(2);
            assertThat(ints(cur.fetchMany())).containsExactly(5, 6);
            assertThat(ints(cur.fetchAll())).containsExactly(7, 8, 9, 10);
            assertThat(cur.rowNumber()).isEqualTo(10);
            assertThat(cur.rowCount()).isEqualTo(10);
            assertThat(cur.fetchAll()).isEmpty();
            assertThat(cur.fetchMany(3)).isEmpty();
            assertThat(cur.fetchOne()).isNull();
        }
    }

    @Test
    void aShortFetchMarksTheEnd() {
        try (ServerCursor<Row> cur = conn.cursor("e")) {
            cur.execute("SELECT generate_series(1, 3)");
            assertThat(ints(cur.fetchMany(5))).containsExactly(1, 2, 3);
            assertThat(cur.fetchMany(5)).isEmpty();
            assertThat(cur.fetchOne()).isNull();
            // The end was known: no FETCH was sent for the empty answers.
            assertThat(cur.statusMessage()).isEqualTo("FETCH 3");
        }
    }

    @Test
    void aScrollableCursorMovesBackwardsAndAbsolutely() {
        try (ServerCursor<Row> cur = conn.cursor("s")) {
            cur.setScrollable(true);
            assertThat(cur.scrollable()).isTrue();
            cur.execute("SELECT generate_series(0, 9)");
            assertThat(cur.query()).startsWith("DECLARE \"s\" SCROLL CURSOR FOR");
            cur.scroll(2);
            assertThat(cur.rowNumber()).isEqualTo(2);
            assertThat(cur.fetchOne().get(0)).isEqualTo(2);
            cur.scroll(2, ScrollMode.RELATIVE);
            assertThat(cur.fetchOne().get(0)).isEqualTo(5);
            cur.scroll(9, ScrollMode.ABSOLUTE);
            assertThat(cur.rowNumber()).isEqualTo(9);
            assertThat(cur.fetchOne().get(0)).isEqualTo(9);
            cur.scroll(-3);
            assertThat(cur.rowNumber()).isEqualTo(7);
            assertThat(cur.fetchOne().get(0)).isEqualTo(7);
            cur.scroll(0, ScrollMode.ABSOLUTE);
            assertThat(ints(cur.fetchAll())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            // From past the end, one row back is the last row.
            cur.scroll(-1);
            assertThat(cur.fetchOne().get(0)).isEqualTo(9);
            cur.scroll(5, ScrollMode.ABSOLUTE);
            for (int i = 4; i >= 0; i--) {
                cur.scroll(-1);
                assertThat(cur.fetchOne().get(0)).isEqualTo(i);
                cur.scroll(-1);
            }
        }
    }

    @Test
    void forwardScrollWithinTheHeldBatchSendsNothing() {
        try (ServerCursor<Row> cur = conn.cursor("w")) {
            cur.setScrollable(false);
            cur.execute("SELECT generate_series(0, 9)");
            assertThat(ints(cur.fetchMany(1))).containsExactly(0);
            Iterator<Row> it = cur.iterator();
            assertThat(it.next().get(0)).isEqualTo(1);
            cur.scroll(0);
            cur.scroll(3);
            assertThat(cur.rowNumber()).isEqualTo(5);
            assertThat(cur.statusMessage()).isEqualTo("FETCH 9");
            assertThat(it.next().get(0)).isEqualTo(5);
        }
    }

    @Test
    void aNonScrollableCursorCannotGoBack() {
        try (ServerCursor<Row> cur = conn.cursor("n")) {
            cur.setScrollable(false);
            cur.execute("SELECT generate_series(0, 5)");
            assertThat(cur.query()).startsWith("DECLARE \"n\" NO SCROLL CURSOR FOR");
            cur.scroll(5);
            assertThat(cur.fetchOne().get(0)).isEqualTo(5);
            assertThatThrownBy(() -> cur.scroll(-1)).isInstanceOf(ObjectNotInPrerequisiteState.class)
                    .hasMessageContaining("can only scan forward");
        }
    }

    @Test
    void aRefusedMoveKeepsTheRowsAlreadyRead() {
        try (Connection auto = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
             ServerCursor<Row> cur = auto.cursor("held")) {
            cur.setWithHold(true);
            cur.setScrollable(false);
            cur.setItersize(4);
            cur.execute("SELECT generate_series(0, 9)");
            Iterator<Row> it = cur.iterator();
            assertThat(it.next().get(0)).isEqualTo(0);
            assertThat(it.next().get(0)).isEqualTo(1);
            assertThatThrownBy(() -> cur.scroll(-2)).isInstanceOf(ObjectNotInPrerequisiteState.class);
            assertThat(cur.rowNumber()).isEqualTo(2);
            assertThat(it.next().get(0)).isEqualTo(2);
            assertThat(it.next().get(0)).isEqualTo(3);
            // The failure also broke the portal on the server, which says so at the next FETCH.
            assertThatThrownBy(it::next).isInstanceOf(ObjectNotInPrerequisiteState.class)
                    .hasMessageContaining("cannot be run");
        }
    }

    @Test
    void scrollingOutOfTheResultRaises() {
        try (ServerCursor<Row> cur = conn.cursor("o")) {
            assertThatThrownBy(() -> cur.scroll(0)).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("execute()");
            cur.setScrollable(true);
            cur.execute("SELECT generate_series(1, 5)");
            cur.fetchOne();
            assertThatThrownBy(() -> cur.scroll(-2)).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("before the first row");
            assertThat(cur.rowNumber()).isEqualTo(1);
            assertThat(cur.fetchOne().get(0)).isEqualTo(2);
            // Just after the last row is a position; one further is not.
            cur.scroll(5, ScrollMode.ABSOLUTE);
            assertThat(cur.fetchOne()).isNull();
            cur.scroll(2, ScrollMode.ABSOLUTE);
            assertThatThrownBy(() -> cur.scroll(10)).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("the result has 5 rows");
            assertThat(cur.rowNumber()).isEqualTo(5);
            assertThat(cur.fetchOne()).isNull();
        }
    }

    @Test
    void withHoldSurvivesCommit() {
        try (ServerCursor<Row> cur = conn.cursor("h")) {
            cur.setWithHold(true);
            cur.execute("SELECT generate_series(0, 5)");
            assertThat(cur.query()).startsWith("DECLARE \"h\" CURSOR WITH HOLD FOR");
            assertThat(cur.fetchOne().get(0)).isEqualTo(0);
            conn.commit();
            assertThat(cur.fetchOne().get(0)).isEqualTo(1);
            conn.commit();
            cur.close();
            // Closing a held cursor outside a transaction does not open one.
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
        assertThat(serverCursors(conn)).isEmpty();
    }

    @Test
    void withHoldWorksInAutocommit() {
        try (Connection auto = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
             ServerCursor<Row> cur = auto.cursor("h")) {
            cur.setWithHold(true);
            cur.execute("SELECT generate_series(1, 3)");
            assertThat(ints(cur.fetchAll())).containsExactly(1, 2, 3);
            assertThat(serverCursors(auto)).containsExactly("h");
            cur.close();
            assertThat(serverCursors(auto)).isEmpty();
        }
    }

    @Test
    void withoutHoldAutocommitRefusesTheCursor() {
        try (Connection auto = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
             ServerCursor<Row> cur = auto.cursor("nh")) {
            assertThatThrownBy(() -> cur.execute("SELECT 1")).isInstanceOf(NoActiveSqlTransaction.class)
                    .hasMessageContaining("transaction block");
            assertThat(cur.description()).isNull();
            cur.close();
            assertThat(auto.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
    }

    @Test
    void withoutHoldTheCursorEndsWithItsTransaction() {
        try (ServerCursor<Row> cur = conn.cursor("t")) {
            assertThat(cur.withHold()).isFalse();
            cur.execute("SELECT generate_series(0, 2)");
            assertThat(cur.fetchOne().get(0)).isEqualTo(0);
            conn.commit();
            assertThatThrownBy(cur::fetchOne).isInstanceOf(InvalidCursorName.class);
            conn.rollback();
        }
    }

    @Test
    void closeRemovesTheCursorFromTheServer() {
        ServerCursor<Row> cur = conn.cursor("gone");
        cur.execute("SELECT generate_series(1, 10)");
        assertThat(serverCursors(conn)).containsExactly("gone");
        cur.close();
        assertThat(cur.isClosed()).isTrue();
        assertThat(serverCursors(conn)).isEmpty();
        cur.close();
        assertThatThrownBy(cur::fetchOne).isInstanceOf(InterfaceException.class);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
    }

    @Test
    void closeAfterTheTransactionEndedDoesNotThrow() {
        ServerCursor<Row> idle = conn.cursor("a");
        idle.execute("SELECT 1");
        conn.commit();
        idle.close();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);

        // A later transaction is open: CLOSE of the vanished cursor would have aborted it.
        ServerCursor<Row> later = conn.cursor("b");
        later.execute("SELECT 1");
        conn.commit();
        conn.execute("SELECT 1");
        later.close();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        assertThat(conn.execute("SELECT 2").fetchOne().get(0)).isEqualTo(2);

        // A rolled back savepoint drops a cursor declared inside it.
        ServerCursor<Row> inner = conn.cursor("c");
        try (Transaction tx = conn.transaction()) {
            inner.execute("SELECT 1");
        }
        inner.close();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);

        // A failed transaction takes no CLOSE; its rollback drops the cursor.
        ServerCursor<Row> failed = conn.cursor("d");
        failed.execute("SELECT 1");
        assertThatThrownBy(() -> conn.execute("SELECT 1/0")).isInstanceOf(DivisionByZero.class);
        failed.close();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
        conn.rollback();
        assertThat(serverCursors(conn)).isEmpty();

        ServerCursor<Row> closedConn = conn.cursor("e");
        closedConn.execute("SELECT 1");
        conn.close();
        closedConn.close();
        assertThat(closedConn.isClosed()).isTrue();
    }

    @Test
    void namesAreQuotedIdentifiers() {
        for (String name : List.of("my cursor", "My\"Cursor\"", "100%", "x; DROP TABLE y")) {
            try (ServerCursor<Row> cur = conn.cursor(name)) {
                cur.execute("SELECT generate_series(1, %s)", 2);
                assertThat(cur.name()).isEqualTo(name);
                assertThat(ints(cur.fetchAll())).containsExactly(1, 2);
                assertThat(serverCursors(conn)).containsExactly(name);
            }
            assertThat(serverCursors(conn)).isEmpty();
        }
        assertThatThrownBy(() -> conn.cursor("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLongNameTruncatedByTheServerIsStillClosed() {
        String name = "n".repeat(80);
        try (ServerCursor<Row> cur = conn.cursor(name)) {
            cur.execute("SELECT 1");
            assertThat(cur.fetchOne().get(0)).isEqualTo(1);
            assertThat(serverCursors(conn)).containsExactly("n".repeat(63));
        }
        assertThat(serverCursors(conn)).isEmpty();
    }

    /** A row type for the record factory. */
    public record Item(int id, String label) {
    }

    @Test
    void rowFactoriesMakeTheRows() {
        try (ServerCursor<Item> cur = conn.cursor("r", RowFactories.record(Item.class))) {
            cur.setItersize(2);
            cur.execute("SELECT g AS id, 'item ' || g AS label FROM generate_series(1, 3) AS g");
            List<Item> items = new ArrayList<>();
            cur.forEach(items::add);
            assertThat(items).containsExactly(new Item(1, "item 1"), new Item(2, "item 2"), new Item(3, "item 3"));
        }
        try (ServerCursor<Map<String, Object>> cur = conn.cursor("m", RowFactories.map())) {
            cur.execute("SELECT 1 AS one");
            assertThat(cur.fetchOne()).isEqualTo(Map.of("one", 1));
        }
    }

    @Test
    void executingAgainRedeclaresTheCursor() {
        try (ServerCursor<Row> cur = conn.cursor("again")) {
            cur.execute("SELECT generate_series(1, %s) AS foo", 3);
            Iterator<Row> it = cur.iterator();
            assertThat(it.next().get(0)).isEqualTo(1);
            cur.execute("SELECT %s::text AS bar, %s::text AS baz", "hello", "world");
            assertThat(it.hasNext()).isFalse();
            assertThat(cur.description()).extracting(Column::name).containsExactly("bar", "baz");
            assertThat(cur.rowNumber()).isZero();
            assertThat(cur.fetchOne().toList()).containsExactly("hello", "world");
            assertThat(serverCursors(conn)).containsExactly("again");
        }
    }

    @Test
    void aPreparedDeclarationWorks() {
        try (Connection prepared = Connection.connect(dsn, ConnectOptions.builder().prepareThreshold(0).build());
             ServerCursor<Row> cur = prepared.cursor("prep")) {
            for (int n = 1; n <= 3; n++) {
                cur.execute("SELECT generate_series(1, %s)", n);
                assertThat(cur.fetchAll()).hasSize(n);
            }
        }
    }

    @Test
    void declarationErrorsAreTheServers() {
        try (ServerCursor<Row> cur = conn.cursor("bad")) {
            assertThatThrownBy(() -> cur.execute("SELECT 1; SELECT 2")).isInstanceOf(SyntaxError.class);
            conn.rollback();
            assertThatThrownBy(() -> cur.execute("CREATE TABLE x ()")).isInstanceOf(SyntaxError.class);
            conn.rollback();
            assertThatThrownBy(() -> cur.executeMany("SELECT %s", List.of(List.of(1))))
                    .isInstanceOf(NotSupportedException.class);
        }
    }

    @Test
    void aServerCursorIsACursor() {
        Cursor<Row> cur = conn.cursor("as-cursor");
        try (cur) {
            cur.execute("SELECT generate_series(1, %s)", 3);
            assertThat(cur.nextSet()).isFalse();
            assertThat(ints(cur.fetchMany(5))).containsExactly(1, 2, 3);
            assertThat(cur.callProc("generate_series", 4, 5)).containsExactly(4, 5);
            assertThat(ints(cur.fetchAll())).containsExactly(4, 5);
        }
        assertThat(serverCursors(conn)).isEmpty();
    }
}
