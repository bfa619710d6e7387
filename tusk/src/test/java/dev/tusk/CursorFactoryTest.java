package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.sql.Identifier;
import dev.tusk.sql.Literal;
import dev.tusk.sql.Sql;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CursorFactoryTest {
    private final String dsn;

    CursorFactoryTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    /** A cursor class of the application's: writes down every execution it sees. */
    static final class RecordingCursor<R> extends Cursor<R> {
        final List<String> seen = new ArrayList<>();

        RecordingCursor(Connection conn, RowFactory<R> rows) {
            super(conn, rows);
        }

        @Override
        public Cursor<R> execute(String sql) {
            seen.add(sql);
            return super.execute(sql);
        }

        @Override
        public Cursor<R> execute(String sql, Object... params) {
            seen.add(mogrify(sql, params));
            return super.execute(sql, params);
        }

        @Override
        public Cursor<R> execute(String sql, Map<String, ?> params) {
            seen.add(mogrify(sql, params));
            return super.execute(sql, params);
        }
    }

    /** The same for asynchronous cursors. */
    static final class RecordingAsyncCursor<R> extends AsyncCursor<R> {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        RecordingAsyncCursor(AsyncConnection conn, RowFactory<R> rows) {
            super(conn, rows);
        }

        @Override
        public CompletableFuture<AsyncCursor<R>> execute(String sql) {
            seen.add(sql);
            return super.execute(sql);
        }

        @Override
        public CompletableFuture<AsyncCursor<R>> execute(String sql, Object... params) {
            seen.add(mogrify(sql, params));
            return super.execute(sql, params);
        }

        @Override
        public CompletableFuture<AsyncCursor<R>> execute(String sql, Map<String, ?> params) {
            seen.add(mogrify(sql, params));
            return super.execute(sql, params);
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void theCursorFactoryOfTheOptionsMakesEveryClientSideCursor() {
        ConnectOptions options = ConnectOptions.builder().cursorFactory(RecordingCursor::new).build();
        try (Connection conn = Connection.connect(dsn, options)) {
            assertThat(conn.cursor()).isInstanceOf(RecordingCursor.class);
            assertThat(conn.cursor(RowFactories.map())).isInstanceOf(RecordingCursor.class);
            Cursor<Row> executed = conn.execute("SELECT %s::int", 7);
            assertThat(executed).isInstanceOf(RecordingCursor.class);
            assertThat(((RecordingCursor<Row>) executed).seen).containsExactly("SELECT 7::int");
            assertThat(executed.fetchOne().get(0)).isEqualTo(7);
            assertThat(conn.cursor("named")).isExactlyInstanceOf(ServerCursor.class);
        }
    }

    @Test
    void aFactoryGivenToOneCursorCallOverridesTheConnections() {
        try (Connection conn = Connection.connect(dsn)) {
            assertThat(conn.cursorFactory().create(conn, RowFactories.tuple())).isExactlyInstanceOf(Cursor.class);
            assertThat(conn.cursor(RecordingCursor::new)).isInstanceOf(RecordingCursor.class);
            assertThat(conn.cursor(RecordingCursor::new, RowFactories.scalar())).isInstanceOf(RecordingCursor.class);
            assertThat(conn.cursor()).isExactlyInstanceOf(Cursor.class);
        }
    }

    @Test
    void setCursorFactoryChangesLaterCursorsAndNullRestoresPlainOnes() {
        try (Connection conn = Connection.connect(dsn)) {
            conn.setCursorFactory(RecordingCursor::new);
            assertThat(conn.execute("SELECT 1")).isInstanceOf(RecordingCursor.class);
            conn.setCursorFactory(null);
            assertThat(conn.execute("SELECT 1")).isExactlyInstanceOf(Cursor.class);
        }
    }

    @Test
    void overridingTheThreeExecuteMethodsSeesEveryExecution() {
        try (Connection conn = Connection.connect(dsn)) {
            RecordingCursor<Row> cur = (RecordingCursor<Row>) conn.cursor(RecordingCursor::new);
            cur.execute("SELECT 1");
            cur.execute(Sql.of("SELECT count(*) FROM {}").format(Identifier.of("pg_class")));
            cur.execute("SELECT %s::int", 2);
            cur.execute(Duration.ofSeconds(5), "SELECT %s::int", 3);
            cur.execute(Sql.of("SELECT %s::int, {}").format(Literal.of("x")), 4);
            cur.callProc("abs", -5);
            cur.execute("SELECT %(n)s::int", Map.of("n", 6));
            cur.execute(Duration.ofSeconds(5), "SELECT %(n)s::int", Map.of("n", 7));
            assertThat(cur.seen).containsExactly("SELECT 1", "SELECT count(*) FROM \"pg_class\"",
                    "SELECT 2::int", "SELECT 3::int", "SELECT 4::int, 'x'", "SELECT * FROM abs((-5))",
                    "SELECT 6::int", "SELECT 7::int");
            assertThat(cur.fetchOne().get(0)).isEqualTo(7);
        }
    }

    @Test
    void theAsyncCursorFactoryMakesEveryClientSideCursorAndSeesEveryExecution() {
        ConnectOptions options = ConnectOptions.builder().asyncCursorFactory(RecordingAsyncCursor::new).build();
        AsyncConnection conn = await(AsyncConnection.connect(dsn, options));
        try {
            assertThat(conn.cursor()).isInstanceOf(RecordingAsyncCursor.class);
            assertThat(conn.pipeline().cursor()).isInstanceOf(RecordingAsyncCursor.class);
            AsyncCursor<Row> executed = await(conn.execute("SELECT %s::int", 1));
            assertThat(executed).isInstanceOf(RecordingAsyncCursor.class);
            assertThat(conn.cursor("named")).isExactlyInstanceOf(AsyncServerCursor.class);

            RecordingAsyncCursor<Row> cur = (RecordingAsyncCursor<Row>) conn.cursor();
            await(cur.execute(Sql.of("SELECT {}").format(Literal.of(2))));
            await(cur.execute(Duration.ofSeconds(5), "SELECT %s::int", 3));
            await(cur.execute(Sql.of("SELECT %s::int"), 4));
            await(cur.callProc("abs", -5));
            await(cur.execute(Duration.ofSeconds(5), "SELECT %(n)s::int", Map.of("n", 6)));
            assertThat(cur.seen).containsExactly("SELECT 2", "SELECT 3::int", "SELECT 4::int",
                    "SELECT * FROM abs((-5))", "SELECT 6::int");
            assertThat(await(cur.fetchOne()).get(0)).isEqualTo(6);
            assertThat(cur.timeout()).isNull();

            AsyncCursor<Row> plain = conn.cursor(AsyncCursor::new);
            assertThat(plain).isExactlyInstanceOf(AsyncCursor.class);
            conn.setCursorFactory(null);
            assertThat(conn.cursor()).isExactlyInstanceOf(AsyncCursor.class);
        } finally {
            conn.close();
        }
    }

    @Test
    void everyClientSideCursorIsABaseCursor() {
        ConnectOptions autocommit = ConnectOptions.builder().autocommit(true).build();
        try (Connection conn = Connection.connect(dsn, autocommit);
             PollingConnection polling = PollingConnection.start(dsn)) {
            AsyncConnection async = await(AsyncConnection.connect(dsn));
            try {
                polling.pollUntilOk(Duration.ofSeconds(30));
                PollingCursor<Row> pc = polling.cursor();
                pc.execute("SELECT generate_series(1, 3)");
                polling.pollUntilOk(Duration.ofSeconds(30));
                List<BaseCursor<?>> cursors = List.of(conn.execute("SELECT generate_series(1, 3)"),
                        await(async.execute("SELECT generate_series(1, 3)")), pc);
                for (BaseCursor<?> cur : cursors) {
                    assertThat(cur.statusMessage()).isEqualTo("SELECT 3");
                    assertThat(cur.rowCount()).isEqualTo(3);
                    assertThat(cur.rowNumber()).isZero();
                    assertThat(cur.description()).extracting(Column::name).containsExactly("generate_series");
                    assertThat(cur.lastRowId()).isNull();
                    assertThat(cur.query()).isEqualTo("SELECT generate_series(1, 3)");
                    assertThat(cur.mogrify("SELECT %s", "it's")).isEqualTo("SELECT 'it''s'");
                    cur.setArraySize(2);
                    assertThat(cur.arraySize()).isEqualTo(2);
                    assertThat(cur.connection()).isNotNull();
                    cur.close();
                    assertThat(cur.isClosed()).isTrue();
                }
            } finally {
                async.close();
            }
        }
    }
}
