package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.AdminShutdown;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PgServer;
import dev.tusk.testing.PostgresExtension;
import java.net.ServerSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConnectionTest {
    private final String dsn;

    ConnectionTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void connectsAndReportsServerFacts() {
        try (Connection conn = Connection.connect(dsn)) {
            int pid = conn.execute("SELECT pg_backend_pid()").fetchOne().get(0, Integer.class);
            assertThat(conn.backendPid()).isEqualTo(pid);
            int versionNum = Integer.parseInt((String) conn.execute("SHOW server_version_num").fetchOne().get(0));
            assertThat(conn.serverVersion()).isEqualTo(versionNum);
            assertThat(conn.protocolVersion()).isEqualTo(3);
            assertThat(conn.parameterStatus("server_version")).isNotBlank();
            assertThat(conn.parameterStatus("no_such_parameter")).isNull();
            assertThat(conn.encoding()).isEqualTo("UTF8");
            assertThat(conn.status()).isEqualTo(ConnectionStatus.OK);
            assertThat(conn.isClosed()).isFalse();
            assertThat(conn.autocommit()).isFalse();
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFailsClearly() {
        Connection conn = Connection.connect(dsn);
        conn.close();
        conn.close();
        assertThat(conn.isClosed()).isTrue();
        assertThat(conn.isBroken()).isFalse();
        assertThat(conn.status()).isEqualTo(ConnectionStatus.BAD);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.UNKNOWN);
        assertThatThrownBy(() -> conn.execute("SELECT 1"))
                .isInstanceOf(OperationalException.class).hasMessageContaining("closed");
        assertThatThrownBy(conn::cursor).isInstanceOf(OperationalException.class);
    }

    @Test
    void transactionStatusFollowsTheServer() {
        try (Connection conn = Connection.connect(dsn)) {
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            conn.execute("SELECT 1");
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
            assertThatThrownBy(() -> conn.execute("SELECT 1/0")).isInstanceOf(dev.tusk.errors.DivisionByZero.class);
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            assertThatThrownBy(() -> conn.execute("SELECT 1")).isInstanceOf(dev.tusk.errors.InFailedSqlTransaction.class);
            conn.rollback();
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(conn.execute("SELECT 2").fetchOne().get(0)).isEqualTo(2);
        }
    }

    @Test
    void withoutAutocommitWorkIsInvisibleUntilCommit() {
        try (Connection a = Connection.connect(dsn);
             Connection b = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            b.execute("DROP TABLE IF EXISTS commit_test");
            b.execute("CREATE TABLE commit_test (x int)");
            a.execute("INSERT INTO commit_test VALUES (%s)", 1);
            assertThat(b.execute("SELECT count(*) FROM commit_test").fetchOne().get(0)).isEqualTo(0L);
            a.commit();
            assertThat(b.execute("SELECT count(*) FROM commit_test").fetchOne().get(0)).isEqualTo(1L);
            a.execute("INSERT INTO commit_test VALUES (%s)", 2);
            a.rollback();
            assertThat(b.execute("SELECT count(*) FROM commit_test").fetchOne().get(0)).isEqualTo(1L);
            b.execute("DROP TABLE commit_test");
        }
    }

    @Test
    void autocommitCommitsEachStatement() {
        try (Connection a = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            a.execute("SELECT 1");
            assertThat(a.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            a.setAutocommit(false);
            a.execute("SELECT 1");
            assertThat(a.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
            assertThatThrownBy(() -> a.setAutocommit(true))
                    .isInstanceOf(ProgrammingException.class).hasMessageContaining("INTRANS");
        }
    }

    @Test
    void isolationReadOnlyAndDeferrableApplyToTheNextTransaction() {
        try (Connection conn = Connection.connect(dsn)) {
            conn.setIsolationLevel(IsolationLevel.SERIALIZABLE);
            conn.setReadOnly(true);
            conn.setDeferrable(true);
            assertThat(conn.execute("SHOW transaction_isolation").fetchOne().get(0)).isEqualTo("serializable");
            assertThat(conn.execute("SHOW transaction_read_only").fetchOne().get(0)).isEqualTo("on");
            assertThat(conn.execute("SHOW transaction_deferrable").fetchOne().get(0)).isEqualTo("on");
            assertThatThrownBy(() -> conn.execute("CREATE TEMP TABLE ro (x int)"))
                    .isInstanceOf(dev.tusk.errors.ReadOnlySqlTransaction.class);
            assertThatThrownBy(() -> conn.setIsolationLevel(IsolationLevel.READ_COMMITTED))
                    .isInstanceOf(ProgrammingException.class);
            conn.rollback();
            conn.setIsolationLevel(IsolationLevel.REPEATABLE_READ);
            conn.setReadOnly(null);
            conn.setDeferrable(null);
            assertThat(conn.execute("SHOW transaction_isolation").fetchOne().get(0)).isEqualTo("repeatable read");
            assertThat(conn.execute("SHOW transaction_read_only").fetchOne().get(0)).isEqualTo("off");
            assertThat(conn.isolationLevel()).isEqualTo(IsolationLevel.REPEATABLE_READ);
        }
    }

    @Test
    void badConninfoIsAProgrammingErrorNamingThePart() {
        assertThatThrownBy(() -> Connection.connect("host=localhost nosuchkey=1"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("nosuchkey");
        assertThatThrownBy(() -> Connection.connect("host='unterminated"))
                .isInstanceOf(ProgrammingException.class);
    }

    @Test
    void anUnreachableServerIsAnOperationalErrorListingEveryAttempt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> Connection.connect("host=127.0.0.1,127.0.0.1 port=" + closedPort + " user=x connect_timeout=5"))
                .isInstanceOf(OperationalException.class)
                .hasMessageContaining("connection failed")
                .satisfies(e -> assertThat(e.getMessage().split(String.valueOf(closedPort), -1)).hasSize(3));
    }

    @Test
    void aMissingDatabaseOrRoleIsTheServersTypedError(PgServer server) {
        Assumptions.assumeTrue(server.isEmbedded());
        assertThatThrownBy(() -> Connection.connect(server.dsn("postgres", null, "no_such_db")))
                .isInstanceOf(dev.tusk.errors.InvalidCatalogName.class)
                .hasMessageContaining("database \"no_such_db\" does not exist");
        assertThatThrownBy(() -> Connection.connect(server.dsn("no_such_role", null, "postgres")))
                .isInstanceOf(dev.tusk.errors.InvalidAuthorizationSpecification.class)
                .hasMessageContaining("no_such_role");
    }

    @Test
    void aSocketDirectoryWithoutServerIsAnOperationalError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
        assertThatThrownBy(() -> Connection.connect("host=" + empty + " port=5432 user=x"))
                .isInstanceOf(OperationalException.class)
                .hasMessageContaining(".s.PGSQL.5432");
    }

    @Test
    void severalHostsAreTriedInOrder(PgServer server) throws Exception {
        Assumptions.assumeTrue(server.isEmbedded());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String multi = "host=127.0.0.1,127.0.0.1 port=" + closedPort + "," + server.port() + " user=postgres dbname=postgres";
        try (Connection conn = Connection.connect(multi)) {
            assertThat(conn.execute("SELECT inet_server_port()").fetchOne().get(0)).isEqualTo(server.port());
        }
    }

    @Test
    void connectsOverAUnixSocket(PgServer server) {
        Assumptions.assumeTrue(server.socketDir() != null);
        try (Connection conn = Connection.connect("host=" + server.socketDir() + " port=" + server.port()
                + " user=postgres dbname=postgres")) {
            assertThat(conn.execute("SELECT inet_server_addr()").fetchOne().get(0)).isNull();
        }
    }

    @Test
    void aKilledBackendBreaksTheConnectionWithATypedError() {
        try (Connection victim = Connection.connect(dsn);
             Connection killer = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            killer.execute("SELECT pg_terminate_backend(%s)", victim.backendPid());
            assertThatThrownBy(() -> victim.execute("SELECT 1"))
                    .isInstanceOf(AdminShutdown.class)
                    .hasMessageContaining("terminating connection");
            assertThat(victim.isBroken()).isTrue();
            assertThat(victim.isClosed()).isTrue();
            assertThatThrownBy(() -> victim.execute("SELECT 1"))
                    .isInstanceOf(OperationalException.class).hasMessageContaining("broken");
        }
    }

    @Test
    void optionsAndApplicationNameReachTheServer() {
        try (Connection conn = Connection.connect(dsn + " application_name=tusk-test options='-c search_path=pg_catalog'")) {
            assertThat(conn.parameterStatus("application_name")).isEqualTo("tusk-test");
            assertThat(conn.execute("SHOW search_path").fetchOne().get(0)).isEqualTo("pg_catalog");
        }
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().param("application_name", "over").build())) {
            assertThat(conn.execute("SELECT current_setting('application_name')").fetchOne().get(0)).isEqualTo("over");
        }
    }

    @Test
    void aSecondThreadWaitsItsTurnOnTheSameConnection() throws Exception {
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            Thread t = new Thread(() -> conn.execute("SELECT pg_sleep(0.3)"));
            t.start();
            Thread.sleep(50);
            assertThat(conn.execute("SELECT 42").fetchOne().get(0)).isEqualTo(42);
            t.join();
        }
    }

    @Test
    void connectionHasNoHiddenThreads() {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Connection conn = Connection.connect(dsn)) {
            conn.execute("SELECT 1");
            java.util.Set<Thread> started = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            // The test framework may start its own helpers; the driver must start none.
            started.removeIf(t -> t.getName().startsWith("junit") || t.getName().startsWith("ForkJoinPool"));
            assertThat(started).isEmpty();
        }
    }
}
