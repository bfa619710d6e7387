package dev.tusk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SharedServerTest {

    private static EmbeddedPostgres pg;
    private final PgServer server;

    SharedServerTest(PgServer server) {
        this.server = server;
    }

    @BeforeAll
    static void init(EmbeddedPostgres shared) {
        pg = shared;
    }

    @Test
    void allParameterKindsSeeTheSameServer(EmbeddedPostgres again, @Dsn String dsn) {
        assertThat(server).isSameAs(pg).isSameAs(again).isSameAs(EmbeddedPostgres.shared());
        assertThat(server.isEmbedded()).isTrue();
        assertThat(dsn).isEqualTo("host=127.0.0.1 port=" + pg.port() + " user=postgres dbname=tusk_test");
        assertThat(pg.dsn()).isEqualTo("host=127.0.0.1 port=" + pg.port() + " user=postgres dbname=postgres");
        assertThat(pg.version()).matches("\\d+\\.\\d+");
    }

    @Test
    void realPostgresAnswersSslRequestWithN() throws Exception {
        assertThat(RawPg.sslResponse(pg.host(), pg.port())).isEqualTo('N');
        assertThat(pg.socketDir().resolve(".s.PGSQL." + pg.port())).exists();
        assertThat(ConnInfo.parse(pg.socketDsn())).containsEntry("host", pg.socketDir().toString());
    }

    @Test
    void runsAsUnprivilegedUserWhenJvmIsRoot() throws Exception {
        int serverUid = (Integer) Files.getAttribute(Path.of("/proc/" + pg.pid()), "unix:uid");
        int pidFileUid = (Integer) Files.getAttribute(pg.dataDir().resolve("postmaster.pid"), "unix:uid");
        if (ServerUser.currentUid() == 0) {
            assertThat(serverUid).isNotZero();
            assertThat(pidFileUid).isNotZero();
            assertThat(pg.osUser()).isIn("postgres", "nobody");
        } else {
            assertThat(serverUid).isEqualTo(ServerUser.currentUid());
        }
    }

    @Test
    void settingsArePassedOnTheCommandLine() throws Exception {
        String opts = Files.readString(pg.dataDir().resolve("postmaster.opts"));
        assertThat(opts).contains("fsync=off", "synchronous_commit=off", "full_page_writes=off",
                "max_connections=100", "shared_buffers=128MB", "max_prepared_transactions=10",
                "listen_addresses=127.0.0.1");
        String cmdline = Files.readString(Path.of("/proc/" + pg.pid() + "/cmdline")).replace('\0', ' ');
        assertThat(cmdline).contains("fsync=off");
    }

    @Test
    void hbaGivesEachTestUserItsMethodBeforeTheCatchAll() throws Exception {
        List<String> lines = Files.readAllLines(pg.dataDir().resolve("pg_hba.conf"));
        assertThat(lines).containsSubsequence(
                "local all \"tusk_md5\" md5",
                "host all \"tusk_md5\" 127.0.0.1/32 md5",
                "host all \"tusk_md5\" ::1/128 md5",
                "host all \"tusk_scram\" 127.0.0.1/32 scram-sha-256",
                "local all all trust",
                "host all all 127.0.0.1/32 trust");
    }

    @Test
    void testUsersAuthenticateWithTheirMethods() throws Exception {
        String h = pg.host();
        int p = pg.port();
        RawPg.Login trust = RawPg.login(h, p, TestUsers.TRUST_USER, null, TestUsers.DATABASE);
        assertThat(trust.ready()).as(trust.error()).isTrue();
        assertThat(trust.authCodes()).containsExactly(0);

        RawPg.Login password = RawPg.login(h, p, TestUsers.PASSWORD_USER, TestUsers.PASSWORD_USER_PASSWORD, "postgres");
        assertThat(password.authCodes()).containsExactly(3, 0);
        assertThat(password.ready()).isTrue();

        RawPg.Login md5 = RawPg.login(h, p, TestUsers.MD5_USER, TestUsers.MD5_USER_PASSWORD, TestUsers.DATABASE);
        assertThat(md5.authCodes()).containsExactly(5, 0);
        assertThat(md5.ready()).isTrue();

        RawPg.Login badMd5 = RawPg.login(h, p, TestUsers.MD5_USER, "wrong", "postgres");
        assertThat(badMd5.error()).contains("password authentication failed");

        RawPg.Login scram = RawPg.login(h, p, TestUsers.SCRAM_USER, TestUsers.SCRAM_USER_PASSWORD, "postgres");
        assertThat(scram.authCodes()).containsExactly(10);

        RawPg.Login nobody = RawPg.login(h, p, "no_such_role", null, "postgres");
        assertThat(nobody.error()).contains("does not exist");
    }

    @Test
    void testDatabaseExists() throws Exception {
        try (var dirs = Files.list(pg.dataDir().resolve("base"))) {
            // template0, template1, postgres and tusk_test
            assertThat(dirs.filter(Files::isDirectory).count()).isEqualTo(4);
        }
        RawPg.Login missing = RawPg.login(pg.host(), pg.port(), "postgres", null, "no_such_db");
        assertThat(missing.error()).contains("does not exist");
    }

    @Test
    void closingTheSharedServerIsIgnored() throws Exception {
        pg.close();
        assertThat(RawPg.sslResponse(pg.host(), pg.port())).isEqualTo('N');
        assertThat(pg.dataDir()).exists();
    }

    @Test
    void classpathBinariesAreCachedUnderTmp() {
        if (System.getenv(BinaryDistribution.BIN_ENV) != null) {
            return;
        }
        Path cached = BinaryDistribution.cacheRoot().resolve("17.6.0");
        assertThat(cached.resolve("bin/postgres")).isExecutable();
        assertThat(Files.isSymbolicLink(cached.resolve("lib/libpq.so"))).isTrue();
        assertThat(Files.exists(cached.resolve("lib/libpq.so"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(pg.version()).isEqualTo("17.6");
    }

    @Test
    void dsnForOtherUsers() {
        Map<String, String> p = ConnInfo.parse(pg.dsn(TestUsers.SCRAM_USER, TestUsers.SCRAM_USER_PASSWORD));
        assertThat(p).containsEntry("user", "tusk_scram").containsEntry("password", "scram-pw")
                .containsEntry("dbname", "postgres").containsEntry("port", Integer.toString(pg.port()));
        assertThat(pg.dsn("tusk_trust", null)).doesNotContain("password");
        assertThat(pg.toString()).doesNotContain("pw");
    }
}
