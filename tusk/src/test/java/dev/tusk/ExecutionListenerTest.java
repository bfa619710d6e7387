package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.LogCapture;
import dev.tusk.testing.PostgresExtension;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ExecutionListenerTest {
    private final String dsn;

    ExecutionListenerTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    /** Writes down what it hears, one line per call, and keeps the events and timings. */
    static final class Recorder implements ExecutionListener {
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());
        final List<ExecutionEvent> before = Collections.synchronizedList(new ArrayList<>());
        final List<ExecutionEvent> ended = Collections.synchronizedList(new ArrayList<>());
        final List<Duration> elapsed = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void before(ExecutionEvent event) {
            before.add(event);
            heard.add("before " + event.sql() + (event.parameters() == null ? "" : " " + event.parameters()));
        }

        @Override
        public void after(ExecutionEvent event, long rows, Duration elapsed) {
            ended.add(event);
            this.elapsed.add(elapsed);
            heard.add("after " + event.sql() + " rows=" + rows);
        }

        @Override
        public void error(ExecutionEvent event, Throwable error, Duration elapsed) {
            ended.add(event);
            this.elapsed.add(elapsed);
            errors.add(error);
            heard.add("error " + event.sql() + " " + error.getClass().getSimpleName());
        }
    }

    private static ConnectOptions listening(ExecutionListener listener) {
        return ConnectOptions.builder().autocommit(true).executionListener(listener).build();
    }

    @Test
    void aListenerSeesBeforeAndAfterWithRowsAndElapsedTime() {
        Recorder r = new Recorder();
        try (Connection conn = Connection.connect(dsn, listening(r))) {
            conn.execute("CREATE TEMP TABLE heard (n int)");
            conn.execute("INSERT INTO heard SELECT generate_series(1, %s)", 5);
            conn.execute("SELECT * FROM heard WHERE n <= %s", 3);
            assertThat(r.heard).containsExactly(
                    "before CREATE TEMP TABLE heard (n int)",
                    "after CREATE TEMP TABLE heard (n int) rows=-1",
                    "before INSERT INTO heard SELECT generate_series(1, $1) [5]",
                    "after INSERT INTO heard SELECT generate_series(1, $1) rows=5",
                    "before SELECT * FROM heard WHERE n <= $1 [3]",
                    "after SELECT * FROM heard WHERE n <= $1 rows=3");
            assertThat(r.ended).containsExactlyElementsOf(r.before);
            assertThat(r.before).extracting(ExecutionEvent::id).isSorted().doesNotHaveDuplicates();
            assertThat(r.elapsed).allSatisfy(d -> assertThat(d).isPositive());
            assertThat(r.before.get(0).connection()).isEqualTo(conn.dsn());
        }
    }

    @Test
    void theEventCarriesUnmodifiableParametersAndNoneForASimpleQuery() {
        Recorder r = new Recorder();
        try (Connection conn = Connection.connect(dsn, listening(r))) {
            conn.execute("SELECT %s::text, %s::int", "a", null);
            conn.execute("SELECT 1");
            List<Object> params = r.before.get(0).parameters();
            assertThat(params).containsExactly("a", null);
            assertThatThrownBy(() -> params.set(0, "b")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(r.before.get(1).parameters()).isNull();
        }
    }

    @Test
    void aListenerSeesTheErrorWithTheException() {
        Recorder r = new Recorder();
        try (Connection conn = Connection.connect(dsn, listening(r))) {
            assertThatThrownBy(() -> conn.execute("SELECT * FROM nowhere")).isInstanceOf(UndefinedTable.class);
            assertThat(r.heard).containsExactly("before SELECT * FROM nowhere", "error SELECT * FROM nowhere UndefinedTable");
            assertThat(r.errors.get(0)).isInstanceOf(UndefinedTable.class).hasMessageContaining("nowhere");
        }
    }

    @Test
    void aThrowingListenerDoesNotBreakTheQueryAndIsLogged() {
        ExecutionListener broken = new ExecutionListener() {
            @Override
            public void before(ExecutionEvent event) {
                throw new IllegalStateException("listener bug before");
            }

            @Override
            public void after(ExecutionEvent event, long rows, Duration elapsed) {
                throw new IllegalStateException("listener bug after");
            }
        };
        Recorder r = new Recorder();
        ConnectOptions options = ConnectOptions.builder().autocommit(true).executionListener(broken)
                .executionListener(r).build();
        try (LogCapture log = LogCapture.of("dev.tusk", Level.WARNING); Connection conn = Connection.connect(dsn, options)) {
            assertThat(conn.execute("SELECT 42").fetchOne().get(0)).isEqualTo(42);
            assertThat(conn.execute("SELECT 43").fetchOne().get(0)).isEqualTo(43);
            assertThat(r.heard).containsExactly("before SELECT 42", "after SELECT 42 rows=1",
                    "before SELECT 43", "after SELECT 43 rows=1");
            assertThat(log.entries()).hasSize(4).allSatisfy(e -> {
                assertThat(e.level()).isEqualTo(Level.WARNING);
                assertThat(e.message()).startsWith("execution listener ").endsWith(" failed");
                assertThat(e.thrown()).isInstanceOf(IllegalStateException.class);
            });
        }
    }

    @Test
    void listenersAddedAndRemovedAtRunTimeHearOnlyWhileRegistered() {
        Recorder r = new Recorder();
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            conn.execute("SELECT 1");
            conn.addExecutionListener(r);
            conn.execute("SELECT 2");
            assertThat(conn.removeExecutionListener(r)).isTrue();
            assertThat(conn.removeExecutionListener(r)).isFalse();
            conn.execute("SELECT 3");
            assertThat(r.heard).containsExactly("before SELECT 2", "after SELECT 2 rows=1");
        }
    }

    @Test
    void executeManyReportsEachParameterSetAndPipelinesEachStatement() {
        Recorder r = new Recorder();
        try (Connection conn = Connection.connect(dsn, listening(r))) {
            conn.execute("CREATE TEMP TABLE many (n int)");
            r.heard.clear();
            conn.cursor().executeMany("INSERT INTO many VALUES (%s)", List.of(List.of(1), List.of(2)));
            assertThat(r.heard).containsExactly(
                    "before INSERT INTO many VALUES ($1) [1]", "before INSERT INTO many VALUES ($1) [2]",
                    "after INSERT INTO many VALUES ($1) rows=1", "after INSERT INTO many VALUES ($1) rows=1");
            r.heard.clear();
            try (Pipeline p = conn.pipeline()) {
                conn.execute("UPDATE many SET n = n + 1");
                conn.execute("SELECT * FROM nowhere");
                conn.execute("SELECT 1");
            } catch (UndefinedTable expected) {
                // the pipeline's sync throws the group's first error
            }
            assertThat(r.heard).containsExactly(
                    "before UPDATE many SET n = n + 1", "before SELECT * FROM nowhere", "before SELECT 1",
                    "after UPDATE many SET n = n + 1 rows=2", "error SELECT * FROM nowhere UndefinedTable",
                    "error SELECT 1 PipelineAborted");
        }
    }

    @Test
    void serverSideCursorsAndTransactionControlAreReported() {
        Recorder r = new Recorder();
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().executionListener(r).build())) {
            try (ServerCursor<Row> cur = conn.cursor("walker")) {
                cur.execute("SELECT generate_series(1, %s)", 3);
                assertThat(cur.fetchMany(2)).hasSize(2);
            }
            conn.commit();
            // BEGIN goes in one write with the statement that opens the transaction.
            assertThat(r.heard).containsExactly(
                    "before BEGIN",
                    "before DECLARE \"walker\" CURSOR FOR SELECT generate_series(1, $1) [3]",
                    "after BEGIN rows=-1",
                    "after DECLARE \"walker\" CURSOR FOR SELECT generate_series(1, $1) rows=-1",
                    "before FETCH FORWARD 0 FROM \"walker\"", "after FETCH FORWARD 0 FROM \"walker\" rows=0",
                    "before FETCH FORWARD 2 FROM \"walker\"", "after FETCH FORWARD 2 FROM \"walker\" rows=2",
                    "before SELECT 1 FROM pg_catalog.pg_cursors WHERE name = 'walker'::pg_catalog.name::text",
                    "after SELECT 1 FROM pg_catalog.pg_cursors WHERE name = 'walker'::pg_catalog.name::text rows=1",
                    "before CLOSE \"walker\"", "after CLOSE \"walker\" rows=-1",
                    "before COMMIT", "after COMMIT rows=-1");
        }
    }

    @Test
    void asyncStatementsAreReportedBeforeTheirFuturesComplete() {
        Recorder r = new Recorder();
        AsyncConnection conn = AsyncConnection.connect(dsn, listening(r)).orTimeout(30, TimeUnit.SECONDS).join();
        try {
            conn.execute("SELECT generate_series(1, %s)", 4).orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(r.heard).containsExactly("before SELECT generate_series(1, $1) [4]",
                    "after SELECT generate_series(1, $1) rows=4");
            r.heard.clear();
            Throwable e = Futures.failure(conn.execute("SELECT * FROM nowhere"));
            assertThat(e).isInstanceOf(UndefinedTable.class);
            assertThat(r.heard).containsExactly("before SELECT * FROM nowhere", "error SELECT * FROM nowhere UndefinedTable");
            r.heard.clear();
            AsyncPipeline p = conn.pipeline();
            p.execute("SELECT %s::int", 1);
            p.execute("SELECT %(n)s::int", Map.of("n", 2));
            p.sync().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(r.heard).containsExactly("before SELECT $1::int [1]", "before SELECT $1::int [2]",
                    "after SELECT $1::int rows=1", "after SELECT $1::int rows=1");
        } finally {
            conn.close();
        }
    }

    @Test
    void pollingStatementsAreReported() {
        Recorder r = new Recorder();
        try (PollingConnection conn = PollingConnection.start(dsn, listening(r))) {
            assertThat(conn.pollUntilOk(Duration.ofSeconds(30))).isTrue();
            PollingCursor<Row> cur = conn.cursor();
            cur.execute("SELECT generate_series(1, %s)", 2);
            assertThat(conn.pollUntilOk(Duration.ofSeconds(30))).isTrue();
            assertThat(cur.fetchAll()).hasSize(2);
            assertThat(r.heard).containsExactly("before SELECT generate_series(1, $1) [2]",
                    "after SELECT generate_series(1, $1) rows=2");
        }
    }
}
