package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.InvalidPassword;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.LogCapture;
import dev.tusk.testing.PgServer;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.testing.TestUsers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EchoLoggingTest {
    private static final ConnectOptions ECHO = ConnectOptions.builder().echo(true).autocommit(true).build();

    private final String dsn;

    EchoLoggingTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    private static LogCapture sqlLog() {
        return LogCapture.of("dev.tusk.sql", Level.INFO);
    }

    @Test
    void echoLogsASimpleQueryAtInfo() {
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn, ECHO)) {
            conn.execute("SELECT 1");
            assertThat(log.lines()).containsExactly("INFO SELECT 1");
        }
    }

    @Test
    void echoLogsAParameterizedQueryAsSentWithItsValues() {
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn, ECHO)) {
            conn.execute("SELECT %s::int + %s, %s, %s", 1, 2, "it's", null);
            assertThat(log.lines()).containsExactly(
                    "INFO SELECT $1::int + $2, $3, $4 -- parameters: [1, 2, 'it''s', NULL]");
        }
    }

    @Test
    void echoMasksParameterValuesOnRequest() {
        ConnectOptions masked = ConnectOptions.builder().echo(true).echoParameters(false).autocommit(true).build();
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn, masked)) {
            conn.execute("SELECT %s::text, %s::text", "4111-1111", "123");
            conn.execute("SELECT %(card)s::text", java.util.Map.of("card", "4111-1111"));
            assertThat(log.lines()).containsExactly(
                    "INFO SELECT $1::text, $2::text -- parameters: [***, ***]",
                    "INFO SELECT $1::text -- parameters: [***]");
            assertThat(String.join("\n", log.lines())).doesNotContain("4111");
        }
    }

    @Test
    void echoLogsAFailedStatementAtWarning() {
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn, ECHO)) {
            assertThatThrownBy(() -> conn.execute("SELECT * FROM no_such_table")).isInstanceOf(UndefinedTable.class);
            List<String> lines = log.lines();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).isEqualTo("INFO SELECT * FROM no_such_table");
            assertThat(lines.get(1)).matches("WARNING SELECT \\* FROM no_such_table -- failed after [0-9.]+ ms: "
                    + "UndefinedTable: ERROR:  relation \"no_such_table\" does not exist");
        }
    }

    @Test
    void echoLogsTheEndWithRowsAtDebug() {
        try (LogCapture log = LogCapture.of("dev.tusk.sql", Level.DEBUG); Connection conn = Connection.connect(dsn, ECHO)) {
            conn.execute("SELECT generate_series(1, 3)");
            List<String> lines = log.lines();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).isEqualTo("INFO SELECT generate_series(1, 3)");
            assertThat(lines.get(1)).matches("DEBUG SELECT generate_series\\(1, 3\\) -- 3 rows in [0-9.]+ ms");
        }
    }

    @Test
    void echoLogsEachParameterSetOfExecuteMany() {
        try (Connection conn = Connection.connect(dsn, ECHO)) {
            conn.execute("CREATE TEMP TABLE echo_many (a int, b text)");
            try (LogCapture log = sqlLog()) {
                conn.cursor().executeMany("INSERT INTO echo_many VALUES (%s, %s)",
                        List.of(new Object[] {1, "x"}, new Object[] {2, "y"}));
                assertThat(log.lines()).containsExactly(
                        "INFO INSERT INTO echo_many VALUES ($1, $2) -- parameters: [1, 'x']",
                        "INFO INSERT INTO echo_many VALUES ($1, $2) -- parameters: [2, 'y']");
            }
        }
    }

    @Test
    void echoLogsPipelinedStatementsAsTheyAreSent() {
        try (Connection conn = Connection.connect(dsn, ECHO); LogCapture log = sqlLog()) {
            Cursor<Row> a;
            Cursor<Row> b;
            try (Pipeline p = conn.pipeline()) {
                a = conn.execute("SELECT %s::int", 1);
                b = conn.execute("SELECT 2");
                assertThat(log.lines()).containsExactly("INFO SELECT $1::int -- parameters: [1]", "INFO SELECT 2");
            }
            assertThat(a.fetchOne().get(0)).isEqualTo(1);
            assertThat(b.fetchOne().get(0)).isEqualTo(2);
        }
    }

    @Test
    void echoLogsTheTransactionControlTuskSends() {
        ConnectOptions inTransactions = ConnectOptions.builder().echo(true).build();
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn, inTransactions)) {
            conn.execute("SELECT 1");
            conn.commit();
            assertThat(log.lines()).containsExactly("INFO BEGIN", "INFO SELECT 1", "INFO COMMIT");
        }
    }

    @Test
    void echoLogsAsyncQueries() {
        try (LogCapture log = sqlLog()) {
            AsyncConnection conn = AsyncConnection.connect(dsn, ECHO).orTimeout(30, TimeUnit.SECONDS).join();
            try {
                conn.execute("SELECT %s::int", 42).orTimeout(30, TimeUnit.SECONDS).join();
                assertThat(log.lines()).containsExactly("INFO SELECT $1::int -- parameters: [42]");
            } finally {
                conn.close();
            }
        }
    }

    @Test
    void echoMasksPasswordLiteralsInTheSql() {
        assertThat(EchoListener.masked("ALTER ROLE bob PASSWORD 'it''s secret'"))
                .isEqualTo("ALTER ROLE bob PASSWORD '***'");
        assertThat(EchoListener.masked("create user bob with encrypted password E'a\\'b' valid until 'infinity'"))
                .isEqualTo("create user bob with encrypted password '***' valid until 'infinity'");
        assertThat(EchoListener.masked("CREATE ROLE bob PASSWORD $pw$secret$pw$ LOGIN"))
                .isEqualTo("CREATE ROLE bob PASSWORD '***' LOGIN");
        assertThat(EchoListener.masked("CREATE USER MAPPING FOR bob SERVER s OPTIONS (user 'bob', password 'pw')"))
                .isEqualTo("CREATE USER MAPPING FOR bob SERVER s OPTIONS (user 'bob', password '***')");
        assertThat(EchoListener.masked("SELECT password FROM accounts WHERE password = 'x'"))
                .isEqualTo("SELECT password FROM accounts WHERE password = 'x'");
    }

    @Test
    void aRoleCreatedWithAPasswordIsEchoedWithoutIt() {
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn, ConnectOptions.builder().echo(true).build())) {
            conn.execute("CREATE ROLE tusk_echo_probe PASSWORD 'top-secret-pw'");
            conn.rollback();
            assertThat(log.lines()).contains("INFO CREATE ROLE tusk_echo_probe PASSWORD '***'");
            assertThat(String.join("\n", log.lines())).doesNotContain("top-secret-pw");
        }
    }

    @Test
    void noRecordEverContainsTheConnectionPassword(PgServer server) {
        Assumptions.assumeTrue(server.isEmbedded(), "needs the embedded server's test users");
        String password = TestUsers.PASSWORD_USER_PASSWORD;
        String userDsn = server.dsn(TestUsers.PASSWORD_USER, password, TestUsers.DATABASE);
        try (LogCapture log = LogCapture.of("dev.tusk", Level.ALL)) {
            try (Connection conn = Connection.connect(userDsn, ECHO)) {
                conn.execute("SELECT %s::text", "hello");
                assertThatThrownBy(() -> conn.execute("SELECT * FROM no_such_table")).isInstanceOf(UndefinedTable.class);
                conn.cancel();
            }
            AsyncConnection async = AsyncConnection.connect(userDsn, ECHO).orTimeout(30, TimeUnit.SECONDS).join();
            async.execute("SELECT 1").orTimeout(30, TimeUnit.SECONDS).join();
            async.closeAsync().orTimeout(30, TimeUnit.SECONDS).join();
            assertThatThrownBy(() -> Connection.connect(server.dsn(TestUsers.PASSWORD_USER, "Wr0ng-Pa55word",
                    TestUsers.DATABASE))).isInstanceOf(InvalidPassword.class);

            List<String> lines = log.lines();
            assertThat(lines).anyMatch(l -> l.startsWith("DEBUG connected to "))
                    .anyMatch(l -> l.startsWith("DEBUG closed "))
                    .anyMatch(l -> l.startsWith("DEBUG cancel requested "))
                    .anyMatch(l -> l.startsWith("DEBUG connection failed "))
                    .anyMatch(l -> l.startsWith("INFO SELECT $1::text"))
                    .anyMatch(l -> l.startsWith("WARNING SELECT * FROM no_such_table"));
            assertThat(lines).noneMatch(l -> l.contains(password) || l.contains("Wr0ng-Pa55word"));
            assertThat(log.entries()).noneMatch(e -> e.thrown() != null && String.valueOf(e.thrown()).contains(password));
        }
    }

    @Test
    void lifecycleEventsAreLoggedAtDebug() {
        try (LogCapture log = LogCapture.of("dev.tusk", Level.DEBUG)) {
            int pid;
            try (Connection conn = Connection.connect(dsn)) {
                pid = conn.backendPid();
            }
            // Other tests' async connections may log their close late: keep this one's lines.
            List<String> lines = log.lines().stream().filter(l -> l.contains("backend pid " + pid + " ")).toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("DEBUG connected to \\S+ in [0-9.]+ ms: backend pid " + pid
                    + " \\[.*user=.*\\], server version \\d+.*");
            assertThat(lines.get(1)).matches("DEBUG closed backend pid " + pid + " \\[.*\\]");
        }
    }

    @Test
    void lifecycleEventsOfAsyncConnectionsAreLoggedAtDebug() {
        try (LogCapture log = LogCapture.of("dev.tusk", Level.DEBUG)) {
            AsyncConnection conn = AsyncConnection.connect(dsn).orTimeout(30, TimeUnit.SECONDS).join();
            int pid = conn.backendPid();
            conn.closeAsync().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(log.lines().stream().filter(l -> l.contains("backend pid " + pid + " ")).toList()).satisfiesExactly(
                    l -> assertThat(l).startsWith("DEBUG connected to ").contains("backend pid " + pid),
                    l -> assertThat(l).startsWith("DEBUG closed backend pid " + pid));
        }
    }

    @Test
    void aBrokenConnectionIsLoggedWithItsCause() {
        try (LogCapture log = LogCapture.of("dev.tusk", Level.DEBUG);
             Connection victim = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
             Connection killer = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            killer.execute("SELECT pg_terminate_backend(%s)", victim.backendPid());
            assertThatThrownBy(() -> victim.execute("SELECT 1")).isInstanceOf(RuntimeException.class);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("DEBUG connection broken, backend pid "
                    + victim.backendPid()));
        }
    }

    @Test
    void nothingIsLoggedWithoutEcho() {
        try (LogCapture log = sqlLog(); Connection conn = Connection.connect(dsn)) {
            conn.execute("SELECT 1");
            assertThat(log.lines()).isEmpty();
        }
    }
}
