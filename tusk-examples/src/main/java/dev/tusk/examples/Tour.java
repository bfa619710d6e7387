package dev.tusk.examples;

import dev.tusk.Connection;
import dev.tusk.ConnectOptions;
import dev.tusk.Cursor;
import dev.tusk.IsolationLevel;
import dev.tusk.PollingConnection;
import dev.tusk.PollingCursor;
import dev.tusk.Row;
import dev.tusk.RowFactories;
import dev.tusk.ScrollMode;
import dev.tusk.Transaction;
import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.sql.Composed;
import dev.tusk.sql.Identifier;
import dev.tusk.sql.Literal;
import dev.tusk.sql.Placeholder;
import dev.tusk.sql.Sql;
import dev.tusk.testing.AuthMethod;
import dev.tusk.testing.EmbeddedPostgres;
import dev.tusk.types.Dumper;
import dev.tusk.types.Interval;
import dev.tusk.types.Json;
import dev.tusk.types.Loader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tour of Tusk: each section runs a feature against a real server and prints what it got.
 * Starts a throwaway embedded PostgreSQL unless {@code --dsn DSN} or {@code TUSK_DSN} names one.
 */
public final class Tour {
    private Tour() {
    }

    /** A user type for the adaptation section (seed 003's {@code Point}). */
    record Point(double x, double y) {
        static Point parse(String text) {
            String[] xy = text.substring(1, text.length() - 1).split(",");
            return new Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
        }
    }

    /** A row type for the record row factory. */
    public record Account(int id, String owner, BigDecimal balance) {
    }

    /**
     * Runs the tour.
     *
     * @param args {@code --dsn DSN} to use an existing server
     */
    public static void main(String[] args) {
        String dsn = System.getenv("TUSK_DSN");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dsn") && i + 1 < args.length) {
                dsn = args[++i];
            }
        }
        EmbeddedPostgres server = null;
        if (dsn == null || dsn.isBlank()) {
            section("Starting an embedded PostgreSQL");
            server = EmbeddedPostgres.builder().user("tour_scram", "tour-secret", AuthMethod.SCRAM_SHA_256).start();
            dsn = server.dsn();
            System.out.println("server " + server.version() + " on port " + server.port());
        }
        try {
            run(dsn, server);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private static void show(String what, Object value) {
        System.out.println("  " + what + " -> " + value);
    }

    private static void run(String dsn, EmbeddedPostgres server) {
        try (Connection conn = Connection.connect(dsn)) {
            section("Connecting");
            show("dsn()", conn.dsn());
            show("serverVersion()", conn.serverVersion());
            show("backendPid()", conn.backendPid());
            show("parameterStatus(\"TimeZone\")", conn.parameterStatus("TimeZone"));
            show("transactionStatus()", conn.transactionStatus());

            section("Parameters travel out of band: %s and %(name)s");
            conn.setAutocommit(true);
            conn.execute("DROP TABLE IF EXISTS tour_test");
            conn.execute("CREATE TABLE tour_test (id serial PRIMARY KEY, num integer, data text UNIQUE)");
            try (Cursor<Row> cur = conn.cursor()) {
                cur.execute("INSERT INTO tour_test (num, data) VALUES (%s, %s)", 100, "abc'def");
                show("statusMessage()", cur.statusMessage());
                show("query()", cur.query());
                cur.execute("INSERT INTO tour_test (num, data) VALUES (%(num)s, %(data)s)", Map.of("num", 42, "data", "bar"));
                cur.executeMany("INSERT INTO tour_test (num, data) VALUES (%s, %s)",
                        List.of(new Object[] {1, "one"}, new Object[] {2, "two"}, new Object[] {3, "100%"}));
                show("executeMany rowCount()", cur.rowCount());
                show("mogrify", cur.mogrify("SELECT %s, %s, %s, %s", "it's", 3.5, null, LocalDate.of(2024, 2, 29)));

                section("Fetching");
                cur.execute("SELECT id, num, data FROM tour_test ORDER BY id");
                show("description()", cur.description().stream().map(c -> c.name() + ":" + c.typeCode()).toList());
                show("rowCount()", cur.rowCount());
                show("fetchOne()", cur.fetchOne());
                show("fetchMany(2)", cur.fetchMany(2));
                show("rowNumber()", cur.rowNumber());
                cur.scroll(0, ScrollMode.ABSOLUTE);
                show("after scroll(0, ABSOLUTE), fetchAll()", cur.fetchAll());
                cur.execute("SELECT 1 AS a; SELECT 'two' AS b");
                show("multi-statement, first set", cur.fetchAll());
                cur.nextSet();
                show("nextSet()", cur.fetchAll());
                show("callProc(\"generate_series\", 1, 3)", List.of(cur.callProc("generate_series", 1, 3)));
                show("  its rows", cur.fetchAll());
            }

            section("Composing SQL: names and values quoted, never concatenated");
            Composed insert = Sql.of("INSERT INTO {} ({}) VALUES ({})").format(
                    Identifier.of("public", "tour_test"),
                    Sql.of(", ").join(List.of(Identifier.of("num"), Identifier.of("data"))),
                    Sql.of(", ").join(List.of(Placeholder.of(), Placeholder.of())));
            show("asString()", insert.asString(conn.adapters()));
            show("execute(insert, 77, \"x'); DROP TABLE tour_test; --\").rowCount()",
                    conn.execute(insert, 77, "x'); DROP TABLE tour_test; --").rowCount());
            show("Literal and Identifier", Sql.of("SELECT {} AS {}")
                    .format(Literal.of("it's"), Identifier.of("say \"hi\"")).asString(conn.adapters()));

            section("Row factories");
            try (Cursor<Map<String, Object>> cur = conn.cursor(RowFactories.map())) {
                show("map()", cur.execute("SELECT id, data FROM tour_test WHERE num = %s", 42).fetchOne());
            }
            conn.execute("CREATE TEMP TABLE accounts (id int, owner text, balance numeric(10,2))");
            conn.execute("INSERT INTO accounts VALUES (1, 'ada', 12.50), (2, 'alan', 99.99)");
            try (Cursor<Account> cur = conn.cursor(RowFactories.record(Account.class))) {
                show("record(Account.class)", cur.execute("SELECT * FROM accounts ORDER BY id").fetchAll());
            }

            section("Types, both ways");
            Row r = conn.execute("SELECT %s::numeric, %s::date, %s::timestamptz, %s::interval, %s::uuid, %s::jsonb, %s::bytea,"
                            + " 'NaN'::float8, 'infinity'::date",
                    new BigDecimal("12345.678901234567890"), LocalDate.of(1999, 12, 31),
                    OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6000, ZoneOffset.ofHours(2)),
                    new Interval(14, 3, 3_600_000_000L), UUID.fromString("12345678-1234-5678-1234-567812345678"),
                    new Json("{\"a\": [1, 2]}"), new byte[] {1, 2, (byte) 0xff}).fetchOne();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                show(r.columns().get(i).name() + " (" + (v == null ? "null" : v.getClass().getSimpleName()) + ")",
                        v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v);
            }

            section("Adapting a new type (seed 003's Point)");
            conn.adapters().register(Point.class, Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")"));
            conn.adapters().registerLoader(600, Loader.text(Point::parse));
            try (Cursor<Row> cur = conn.cursor()) {
                show("mogrify", cur.mogrify("INSERT INTO atable (apoint) VALUES (%s)", new Point(1.23, 4.56)));
                cur.execute("SELECT NULL::point");
                show("description().get(0).typeCode()", cur.description().get(0).typeCode());
                show("SELECT '(10.2,20.3)'::point", cur.execute("SELECT '(10.2,20.3)'::point").fetchOne().get(0));
            }

            section("Transactions");
            conn.setAutocommit(false);
            conn.execute("INSERT INTO tour_test (num, data) VALUES (%s, %s)", 7, "rolled back");
            show("transactionStatus() after a statement", conn.transactionStatus());
            conn.rollback();
            show("after rollback(), row count", conn.execute("SELECT count(*) FROM tour_test WHERE num = 7").fetchOne().get(0));
            conn.commit();
            try (Transaction outer = conn.transaction()) {
                conn.execute("INSERT INTO tour_test (num, data) VALUES (%s, %s)", 8, "kept");
                try (Transaction inner = conn.transaction()) {
                    show("nested block is savepoint", inner.savepoint());
                    conn.execute("INSERT INTO tour_test (num, data) VALUES (%s, %s)", 9, "undone");
                    conn.execute("SELECT 1/0");
                    inner.commit();
                } catch (DivisionByZero e) {
                    show("inner block failed and rolled back to its savepoint", e.getClass().getSimpleName());
                }
                outer.commit();
            }
            show("rows kept", conn.execute("SELECT data FROM tour_test WHERE num IN (8, 9)").fetchAll());
            conn.commit();
            conn.setIsolationLevel(IsolationLevel.SERIALIZABLE);
            show("SHOW transaction_isolation", conn.execute("SHOW transaction_isolation").fetchOne().get(0));
            conn.rollback();
            conn.setIsolationLevel(null);

            section("Errors carry the server's diagnostic");
            try {
                conn.execute("INSERT INTO tour_test (num, data) VALUES (%s, %s)", 1, "bar");
            } catch (UniqueViolation e) {
                show("exception", e.getClass().getSimpleName() + " (an IntegrityException), SQLSTATE " + e.sqlState());
                show("constraint", e.diagnostic().constraintName());
                show("transactionStatus()", conn.transactionStatus());
                conn.rollback();
                show("after rollback()", conn.transactionStatus());
            }

            section("Prepared statements (prepared on the 6th use)");
            conn.setAutocommit(true);
            for (int i = 0; i < 6; i++) {
                conn.execute("SELECT data FROM tour_test WHERE num = %s", i);
            }
            show("pg_prepared_statements", conn.execute("SELECT name, statement FROM pg_prepared_statements").fetchAll());
        }
        section("Caller-driven mode: poll() and your own Selector");
        try (PollingConnection pconn = PollingConnection.start(dsn)) {
            PollingExamples.wait(pconn);
            PollingCursor<Row> pcur = pconn.cursor().execute("SELECT pg_sleep(0.2), %s", 42);
            show("right after execute(), isExecuting()", pconn.isExecuting());
            PollingExamples.wait(pconn);
            show("after the wait loop, fetchOne().get(1)", pcur.fetchOne().get(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (server != null) {
            section("SCRAM-SHA-256 login");
            try (Connection scram = Connection.connect(server.dsn("tour_scram", "tour-secret"),
                    ConnectOptions.builder().autocommit(true).build())) {
                show("current_user", scram.execute("SELECT current_user").fetchOne().get(0));
                show("dsn() hides the password", scram.dsn());
            }
        }
        System.out.println();
        System.out.println("Tour complete.");
    }
}
