package dev.tusk.examples;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.ExecutionEvent;
import dev.tusk.ExecutionListener;
import dev.tusk.Row;
import dev.tusk.RowFactory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Seed 003's "connection and cursor factories" in Java: its {@code LoggingCursor}, a cursor
 * class chosen per cursor or for a whole connection; and the lighter ways to watch statements,
 * {@code echo} logging and an {@link ExecutionListener} for metrics.
 *
 * <p>The seed also subclasses the connection "to provide an easy way to create customized
 * cursors". In Tusk the connection's cursor factory does exactly that without a subclass:
 * {@code ConnectOptions.builder().cursorFactory(LoggingCursor::new)} makes every cursor of
 * the connection, and those of {@code conn.execute(...)}, logging cursors.
 */
public final class LoggingExamples {
    private LoggingExamples() {
    }

    /**
     * The seed's cursor class:
     * <pre>
     * class LoggingCursor(psycopg2.extensions.cursor):
     *     def execute(self, sql, args=None):
     *         logger = logging.getLogger('sql_debug')
     *         logger.info(self.mogrify(sql, args))
     *         try:
     *             psycopg2.extensions.cursor.execute(self, sql, args)
     *         except Exception, exc:
     *             logger.error("%s: %s" % (exc.__class__.__name__, exc))
     *             raise
     * </pre>
     * Python has one {@code execute}; Tusk's cursor has one per kind of parameters, and every
     * other form (with a timeout, a composed query, {@code callProc}) goes through these three.
     * Generic in its rows, so that its constructor is a {@link dev.tusk.CursorFactory}.
     *
     * @param <R> the row type
     */
    public static class LoggingCursor<R> extends Cursor<R> {
        private static final System.Logger LOGGER = System.getLogger("sql_debug");

        /**
         * Creates the cursor; pass {@code LoggingCursor::new} as a cursor factory.
         *
         * @param conn the connection
         * @param rows what rows become
         */
        public LoggingCursor(Connection conn, RowFactory<R> rows) {
            super(conn, rows);
        }

        @Override
        public Cursor<R> execute(String sql) {
            return logged(sql, () -> super.execute(sql));
        }

        @Override
        public Cursor<R> execute(String sql, Object... params) {
            return logged(mogrify(sql, params), () -> super.execute(sql, params));
        }

        @Override
        public Cursor<R> execute(String sql, Map<String, ?> params) {
            return logged(mogrify(sql, params), () -> super.execute(sql, params));
        }

        private Cursor<R> logged(String mogrified, Supplier<Cursor<R>> execute) {
            LOGGER.log(Level.INFO, mogrified);
            try {
                return execute.get();
            } catch (RuntimeException exc) {
                LOGGER.log(Level.ERROR, exc.getClass().getSimpleName() + ": " + exc.getMessage());
                throw exc;
            }
        }
    }

    /**
     * Seed 003:
     * <pre>
     * conn = psycopg2.connect(DSN)
     * cur = conn.cursor(cursor_factory=LoggingCursor)
     * cur.execute("INSERT INTO mytable VALUES (%s, %s, %s);", (10, 20, 30))
     * </pre>
     *
     * @param dsn where to connect
     * @return the rows of {@code mytable} afterwards
     */
    public static List<Row> seed003LoggingCursor(String dsn) {
        try (Connection conn = Connection.connect(dsn)) {
            conn.execute("CREATE TEMP TABLE mytable (a int, b int, c int)");
            Cursor<Row> cur = conn.cursor(LoggingCursor::new);
            cur.execute("INSERT INTO mytable VALUES (%s, %s, %s);", 10, 20, 30);
            return conn.execute("SELECT * FROM mytable").fetchAll();
        }
    }

    /**
     * The same cursor for a whole connection: {@code conn.execute(...)} logs too. The
     * statement goes to a table that does not exist, so the error is logged and rethrown.
     *
     * @param dsn   where to connect
     * @param sql   the statement
     * @param value its parameter
     */
    public static void everyCursorLogs(String dsn, String sql, Object value) {
        ConnectOptions options = ConnectOptions.builder().cursorFactory(LoggingCursor::new).build();
        try (Connection conn = Connection.connect(dsn, options)) {
            conn.execute(sql, value);
        }
    }

    /**
     * aiopg's {@code echo=True}: every statement on the logger {@code dev.tusk.sql}, at INFO,
     * as sent, with its parameters.
     *
     * @param dsn where to connect
     * @return what the query returned
     */
    public static int echo(String dsn) {
        ConnectOptions options = ConnectOptions.builder().echo(true).autocommit(true).build();
        try (Connection conn = Connection.connect(dsn, options)) {
            // INFO dev.tusk.sql: SELECT $1::int * 2 -- parameters: [21]
            return conn.execute("SELECT %s::int * 2", 21).fetchOne().get(0, Integer.class);
        }
    }

    /**
     * Statement metrics without touching any cursor: how many statements ran, how many
     * failed, the rows they returned or affected, and the time they took.
     */
    public static final class StatementMetrics implements ExecutionListener {
        private final LongAdder statements = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder rows = new LongAdder();
        private final AtomicLong nanos = new AtomicLong();

        /** Creates empty metrics. */
        public StatementMetrics() {
        }

        @Override
        public void after(ExecutionEvent event, long rowCount, Duration elapsed) {
            statements.increment();
            rows.add(Math.max(rowCount, 0));
            nanos.addAndGet(elapsed.toNanos());
        }

        @Override
        public void error(ExecutionEvent event, Throwable error, Duration elapsed) {
            statements.increment();
            failures.increment();
            nanos.addAndGet(elapsed.toNanos());
        }

        /**
         * Statements that completed or failed.
         *
         * @return the count
         */
        public long statements() {
            return statements.sum();
        }

        /**
         * Statements that failed.
         *
         * @return the count
         */
        public long failures() {
            return failures.sum();
        }

        /**
         * Rows returned or affected, over all statements.
         *
         * @return the count
         */
        public long rows() {
            return rows.sum();
        }

        /**
         * Time spent in statements.
         *
         * @return the total
         */
        public Duration time() {
            return Duration.ofNanos(nanos.get());
        }
    }

    /**
     * Runs a small workload with {@link StatementMetrics} listening.
     *
     * @param dsn where to connect
     * @return the metrics afterwards
     */
    public static StatementMetrics metrics(String dsn) {
        StatementMetrics metrics = new StatementMetrics();
        ConnectOptions options = ConnectOptions.builder().executionListener(metrics).build();
        try (Connection conn = Connection.connect(dsn, options)) {
            conn.execute("CREATE TEMP TABLE measured (n int)");
            conn.cursor().executeMany("INSERT INTO measured VALUES (%s)", List.of(List.of(1), List.of(2), List.of(3)));
            conn.execute("SELECT * FROM measured").fetchAll();
            conn.commit();
        }
        return metrics;
    }
}
