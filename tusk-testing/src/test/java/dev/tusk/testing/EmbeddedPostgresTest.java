package dev.tusk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void twoServersRunAtOnceWithTheirOwnRolesAndCloseRemovesEverything() throws Exception {
        String user = "o'brien user";
        String password = "p'w\\x y";
        EmbeddedPostgres.Builder custom = EmbeddedPostgres.builder()
                .superuserPassword("root pw")
                .user(user, password, AuthMethod.MD5)
                .user("trusted", null, AuthMethod.TRUST)
                .database("my db", user)
                .setting("application_name", "tusk embedded");
        CompletableFuture<EmbeddedPostgres> first = CompletableFuture.supplyAsync(custom::start);
        EmbeddedPostgres b = EmbeddedPostgres.builder().setting("fsync", "off").start();
        EmbeddedPostgres a = first.join();
        try {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.dataDir()).isNotEqualTo(b.dataDir());
            assertThat(RawPg.sslResponse(a.host(), a.port())).isEqualTo('N');
            assertThat(RawPg.sslResponse(b.host(), b.port())).isEqualTo('N');
            assertThat(a.logFile()).startsWith(a.dataDir()).exists();

            RawPg.Login superuser = RawPg.login(a.host(), a.port(), "postgres", null, "postgres");
            assertThat(superuser.authCodes()).containsExactly(10);
            assertThat(RawPg.login(b.host(), b.port(), "postgres", null, "postgres").ready()).isTrue();

            RawPg.Login md5 = RawPg.login(a.host(), a.port(), user, password, "my db");
            assertThat(md5.ready()).as(md5.error()).isTrue();
            assertThat(md5.authCodes()).containsExactly(5, 0);

            RawPg.Login trusted = RawPg.login(a.host(), a.port(), "trusted", null, "my db");
            assertThat(trusted.ready()).as(trusted.error()).isTrue();

            String dsn = a.dsn(user, password, "my db");
            assertThat(dsn).contains("user='o\\'brien user'", "dbname='my db'", "password='p\\'w\\\\x y'");
            assertThat(ConnInfo.parse(dsn)).containsEntry("user", user).containsEntry("password", password)
                    .containsEntry("dbname", "my db");
            assertThat(ConnInfo.parse(a.dsn())).containsEntry("password", "root pw");
            assertThat(Files.readString(a.dataDir().resolve("postmaster.opts"))).contains("tusk embedded");
            assertThat(Files.readString(b.dataDir().resolve("postmaster.opts"))).doesNotContain("tusk embedded");

            a.close();
            assertThat(a.dataDir()).doesNotExist();
            assertThat(a.dataDir().getParent()).doesNotExist();
            assertThat(a.socketDir()).doesNotExist();
            assertThat(ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(refuses(a.port())).isTrue();
            a.close();

            assertThat(RawPg.sslResponse(b.host(), b.port())).isEqualTo('N');
        } finally {
            a.close();
            b.close();
        }
        assertThat(b.dataDir()).doesNotExist();
    }

    @Test
    void stopAndStartKeepThePortTheDataAndTheRoles() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().user("kept", null, AuthMethod.TRUST).start()) {
            int port = pg.port();
            pg.stop();
            assertThat(refuses(port)).isTrue();
            assertThat(pg.dataDir()).exists();
            pg.stop();

            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            assertThat(RawPg.login(pg.host(), port, "kept", null, "postgres").ready()).isTrue();
            pg.start();

            pg.close();
            assertThatThrownBy(pg::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
        assertThatThrownBy(() -> EmbeddedPostgres.shared().stop()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shared");
    }

    @Test
    void failedSetupCleansUpAndDoesNotLeakThePassword() {
        String secret = "leak-me-7731";
        assertThatThrownBy(() -> EmbeddedPostgres.builder().user("pg_reserved", secret, AuthMethod.SCRAM_SHA_256).start())
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).contains("reserved").doesNotContain(secret);
                });
    }

    @Test
    void builderRejectsBadInput() {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
        assertThatThrownBy(() -> b.setting("port", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.setting("bad name", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.user("x", null, AuthMethod.MD5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.user("a\"b", "p", AuthMethod.MD5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.user("a\nb", "p", AuthMethod.MD5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.user("x".repeat(64), "p", AuthMethod.MD5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.socketDir(Path.of("/tmp/" + "s".repeat(100))).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    @Test
    void localBinariesViaExplicitDirectory() throws Exception {
        Path pg15 = Path.of("/usr/lib/postgresql/15/bin");
        assumeThat(Files.isExecutable(pg15.resolve("postgres"))).as("local PostgreSQL 15").isTrue();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().binaries(pg15).start()) {
            assertThat(pg.version()).startsWith("15.");
            assertThat(RawPg.sslResponse(pg.host(), pg.port())).isEqualTo('N');
        }
    }

    @Test
    void setupScriptSwitchesPasswordEncryptionPerRole() {
        String script = EmbeddedPostgres.builder()
                .user("a", "x'y", AuthMethod.MD5)
                .user("b", "z", AuthMethod.SCRAM_SHA_256)
                .user("c", "w", AuthMethod.PASSWORD)
                .database("d", "a")
                .setupScript();
        assertThat(script).isEqualTo("""
                SET password_encryption = 'md5'
                CREATE ROLE "a" LOGIN PASSWORD E'x\\'y'
                SET password_encryption = 'scram-sha-256'
                CREATE ROLE "b" LOGIN PASSWORD E'z'
                CREATE ROLE "c" LOGIN PASSWORD E'w'
                CREATE DATABASE "d" OWNER "a"
                """);
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
