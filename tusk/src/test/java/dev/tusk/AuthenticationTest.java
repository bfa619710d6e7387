package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.InvalidPassword;
import dev.tusk.errors.OperationalException;
import dev.tusk.testing.PgServer;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.testing.TestUsers;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(PostgresExtension.class)
class AuthenticationTest {
    private PgServer server;

    @BeforeEach
    void embeddedOnly(PgServer server) {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.isEmbedded(), "needs the embedded server's test users");
        this.server = server;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @ParameterizedTest(name = "{0} logs in")
    @CsvSource({
            TestUsers.TRUST_USER + ",",
            TestUsers.PASSWORD_USER + "," + TestUsers.PASSWORD_USER_PASSWORD,
            TestUsers.MD5_USER + "," + TestUsers.MD5_USER_PASSWORD,
            TestUsers.SCRAM_USER + "," + TestUsers.SCRAM_USER_PASSWORD})
    void eachAuthenticationMethodLogsIn(String user, String password) {
        try (Connection conn = Connection.connect(server.dsn(user, password, TestUsers.DATABASE))) {
            assertThat(conn.execute("SELECT current_user").fetchOne().get(0)).isEqualTo(user);
            assertThat(conn.dsn()).doesNotContain("password=");
            if (password != null) {
                assertThat(conn.dsn()).doesNotContain(password);
                assertThat(conn.toString()).doesNotContain(password);
            }
        }
    }

    @ParameterizedTest(name = "{0} logs in asynchronously")
    @CsvSource({
            TestUsers.TRUST_USER + ",",
            TestUsers.PASSWORD_USER + "," + TestUsers.PASSWORD_USER_PASSWORD,
            TestUsers.MD5_USER + "," + TestUsers.MD5_USER_PASSWORD,
            TestUsers.SCRAM_USER + "," + TestUsers.SCRAM_USER_PASSWORD})
    void eachAuthenticationMethodLogsInAsynchronously(String user, String password) {
        AsyncConnection conn = AsyncConnection.connect(server.dsn(user, password, TestUsers.DATABASE)).join();
        try {
            assertThat(conn.execute("SELECT current_user").join().fetchOne().join().get(0)).isEqualTo(user);
        } finally {
            conn.close();
        }
    }

    @ParameterizedTest(name = "{0} with a wrong password is refused asynchronously")
    @CsvSource({TestUsers.PASSWORD_USER, TestUsers.MD5_USER, TestUsers.SCRAM_USER})
    void aWrongPasswordFailsTheAsyncConnect(String user) {
        String wrong = "Wr0ng-Pa55word";
        assertThatThrownBy(() -> AsyncConnection.connect(server.dsn(user, wrong, TestUsers.DATABASE)).join())
                .hasCauseInstanceOf(InvalidPassword.class)
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrong));
    }

    @ParameterizedTest(name = "{0} with a wrong password is refused")
    @CsvSource({TestUsers.PASSWORD_USER, TestUsers.MD5_USER, TestUsers.SCRAM_USER})
    void aWrongPasswordFailsWithTheServersMessageAndNoPassword(String user) {
        String wrong = "Wr0ng-Pa55word";
        assertThatThrownBy(() -> Connection.connect(server.dsn(user, wrong, TestUsers.DATABASE)))
                .isInstanceOf(InvalidPassword.class)
                .isInstanceOf(OperationalException.class)
                .hasMessageContaining("password authentication failed for user \"" + user + "\"")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrong));
    }

    @ParameterizedTest(name = "{0} logs in by polling")
    @CsvSource({
            TestUsers.TRUST_USER + ",",
            TestUsers.PASSWORD_USER + "," + TestUsers.PASSWORD_USER_PASSWORD,
            TestUsers.MD5_USER + "," + TestUsers.MD5_USER_PASSWORD,
            TestUsers.SCRAM_USER + "," + TestUsers.SCRAM_USER_PASSWORD})
    void eachAuthenticationMethodLogsInByPolling(String user, String password) {
        try (PollingConnection conn = PollingConnection.start(server.dsn(user, password, TestUsers.DATABASE))) {
            assertThat(conn.pollUntilOk(null)).isTrue();
            PollingCursor<Row> cur = conn.cursor().execute("SELECT current_user");
            conn.pollUntilOk(null);
            assertThat(cur.fetchOne().get(0)).isEqualTo(user);
            if (password != null) {
                assertThat(conn.toString()).doesNotContain(password);
            }
        }
    }

    @ParameterizedTest(name = "{0} with a wrong password is refused by poll()")
    @CsvSource({TestUsers.PASSWORD_USER, TestUsers.MD5_USER, TestUsers.SCRAM_USER})
    void aWrongPasswordFailsThePoll(String user) {
        String wrong = "Wr0ng-Pa55word";
        try (PollingConnection conn = PollingConnection.start(server.dsn(user, wrong, TestUsers.DATABASE))) {
            assertThatThrownBy(() -> conn.pollUntilOk(null))
                    .isInstanceOf(InvalidPassword.class)
                    .hasMessageContaining("password authentication failed")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrong));
            assertThat(conn.isBroken()).isTrue();
        }
    }

    @Test
    void aMissingPasswordFailsClearly() {
        assertThatThrownBy(() -> Connection.connect(server.dsn(TestUsers.SCRAM_USER, null, TestUsers.DATABASE)
                + " passfile=/nonexistent"))
                .isInstanceOf(OperationalException.class)
                .hasMessageContaining("none was supplied");
    }

    @Test
    void thePasswordMayComeFromConnectOptions() {
        ConnectOptions opts = ConnectOptions.builder().param("password", TestUsers.SCRAM_USER_PASSWORD).build();
        try (Connection conn = Connection.connect(server.dsn(TestUsers.SCRAM_USER, null, TestUsers.DATABASE), opts)) {
            assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
            assertThat(opts.toString()).doesNotContain(TestUsers.SCRAM_USER_PASSWORD);
        }
    }
}
