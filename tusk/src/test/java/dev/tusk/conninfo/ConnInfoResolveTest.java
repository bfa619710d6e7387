package dev.tusk.conninfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.ProgrammingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnInfoResolveTest {
    @TempDir
    Path home;

    private final Map<String, String> vars = new HashMap<>();
    private final java.util.Set<Path> sockets = new java.util.HashSet<>();

    private Environment env() {
        return new Environment() {
            @Override
            public String getenv(String name) {
                return vars.get(name);
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public String userName() {
                return "osuser";
            }

            @Override
            public boolean exists(Path path) {
                return sockets.contains(path);
            }
        };
    }

    private ConnInfo resolve(String conninfo) {
        return ConnInfo.parse(conninfo).resolve(env());
    }

    private Path write(String name, String content, String perms) throws IOException {
        Path p = home.resolve(name);
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void defaultsAreTheOsUserADatabaseOfTheSameNameAndPort5432() {
        ConnInfo c = resolve("");
        assertThat(c.user()).isEqualTo("osuser");
        assertThat(c.database()).isEqualTo("osuser");
        assertThat(c.endpoints()).containsExactly(new Endpoint("localhost", null, 5432));
    }

    @Test
    void aLocalServerSocketIsTheDefaultHost() {
        sockets.add(Path.of("/tmp/.s.PGSQL.5433"));
        ConnInfo c = resolve("port=5433");
        assertThat(c.endpoints()).containsExactly(new Endpoint("/tmp", null, 5433));
        assertThat(c.endpoints().get(0).isUnixSocket()).isTrue();
        assertThat(c.endpoints().get(0).socketPath()).isEqualTo("/tmp/.s.PGSQL.5433");
    }

    @Test
    void environmentVariablesFillWhatTheConninfoLeavesOut() {
        vars.putAll(Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser", "PGDATABASE", "envdb",
                "PGAPPNAME", "envapp", "PGCONNECT_TIMEOUT", "7", "PGOPTIONS", "-c x=1", "PGPASSWORD", "envpw"));
        ConnInfo c = resolve("user=explicit");
        assertThat(c.user()).isEqualTo("explicit");
        assertThat(c.database()).isEqualTo("envdb");
        assertThat(c.applicationName()).isEqualTo("envapp");
        assertThat(c.options()).isEqualTo("-c x=1");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.endpoints()).containsExactly(new Endpoint("envhost", null, 6000));
        assertThat(c.passwordFor(c.endpoints().get(0))).isEqualTo("envpw");
    }

    @Test
    void aServiceFillsBetweenExplicitValuesAndTheEnvironment() throws IOException {
        write(".pg_service.conf", "# comment\n\n[other]\nhost=wrong\n[shop]\nhost=svchost\nport=7000\ndbname=svcdb\n", "rw-------");
        vars.put("PGDATABASE", "envdb");
        vars.put("PGUSER", "envuser");
        ConnInfo c = resolve("service=shop port=7001");
        assertThat(c.endpoints()).containsExactly(new Endpoint("svchost", null, 7001));
        assertThat(c.database()).isEqualTo("svcdb");
        assertThat(c.user()).isEqualTo("envuser");
    }

    @Test
    void theServiceMayComeFromTheEnvironmentAndAnotherFile() throws IOException {
        Path file = write("services.conf", "[x]\nhost=fromfile\n", "rw-------");
        vars.put("PGSERVICE", "x");
        vars.put("PGSERVICEFILE", file.toString());
        assertThat(resolve("").endpoints().get(0).host()).isEqualTo("fromfile");
        Path sys = Files.createDirectory(home.resolve("etc"));
        Files.writeString(sys.resolve("pg_service.conf"), "[y]\nhost=system\n");
        vars.put("PGSYSCONFDIR", sys.toString());
        assertThat(resolve("service=y").endpoints().get(0).host()).isEqualTo("system");
    }

    @Test
    void anUnknownServiceOrKeywordInTheServiceFileIsAnError() throws IOException {
        write(".pg_service.conf", "[a]\ncolour=blue\n", "rw-------");
        assertThatThrownBy(() -> resolve("service=missing"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("definition of service \"missing\" not found");
        assertThatThrownBy(() -> resolve("service=a"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("colour");
    }

    @Test
    void severalHostsWithOnePortOrOnePortEach() {
        assertThat(resolve("host=a,b port=5555").endpoints())
                .containsExactly(new Endpoint("a", null, 5555), new Endpoint("b", null, 5555));
        assertThat(resolve("host=a,b,c port=1,,3").endpoints())
                .containsExactly(new Endpoint("a", null, 1), new Endpoint("b", null, 5432), new Endpoint("c", null, 3));
        assertThat(resolve("host=a,b hostaddr=10.0.0.1,10.0.0.2").endpoints())
                .containsExactly(new Endpoint("a", "10.0.0.1", 5432), new Endpoint("b", "10.0.0.2", 5432));
        assertThatThrownBy(() -> resolve("host=a,b,c port=1,2"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("could not match 2 port numbers to 3 hosts");
        assertThatThrownBy(() -> resolve("host=a,b hostaddr=1.1.1.1")).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void valuesAreValidated() {
        assertThatThrownBy(() -> resolve("port=70000")).isInstanceOf(ProgrammingException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> resolve("port=abc")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> resolve("connect_timeout=soon")).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("connect_timeout");
        assertThatThrownBy(() -> resolve("client_encoding=LATIN1")).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("UTF8 only");
        assertThat(resolve("client_encoding=utf-8").get("client_encoding")).isEqualTo("utf-8");
        assertThatThrownBy(() -> resolve("sslmode=maybe")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> resolve("sslmode=require")).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("TLS");
        assertThat(resolve("sslmode=prefer").get("sslmode")).isEqualTo("prefer");
        assertThatThrownBy(() -> resolve("target_session_attrs=whatever")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> resolve("keepalives_idle=x")).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void connectTimeoutFollowsLibpq() {
        assertThat(resolve("").connectTimeout()).isNull();
        assertThat(resolve("connect_timeout=0").connectTimeout()).isNull();
        assertThat(resolve("connect_timeout=-3").connectTimeout()).isNull();
        assertThat(resolve("connect_timeout=1").connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(resolve("connect_timeout=30").connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void applicationNameFallsBack() {
        assertThat(resolve("fallback_application_name=fb").applicationName()).isEqualTo("fb");
        assertThat(resolve("fallback_application_name=fb application_name=app").applicationName()).isEqualTo("app");
    }

    @Test
    void thePasswordFileMatchesFieldsWithWildcardsAndEscapes() throws IOException {
        write(".pgpass", String.join("\n",
                "# comment",
                "other:*:*:*:wrong",
                "db\\:1:5432:shop:alice:first",
                "db\\:1:*:*:alice:second",
                "*:*:*:bob:pa\\:ss\\\\word",
                ""), "rw-------");
        ConnInfo alice = resolve("host=db:1 dbname=shop user=alice");
        assertThat(alice.passwordFor(alice.endpoints().get(0))).isEqualTo("first");
        ConnInfo aliceOther = resolve("host=db:1 dbname=other user=alice");
        assertThat(aliceOther.passwordFor(aliceOther.endpoints().get(0))).isEqualTo("second");
        ConnInfo bob = resolve("host=anything user=bob");
        assertThat(bob.passwordFor(bob.endpoints().get(0))).isEqualTo("pa:ss\\word");
        ConnInfo nobody = resolve("host=anything user=carol");
        assertThat(nobody.passwordFor(nobody.endpoints().get(0))).isNull();
    }

    @Test
    void passwordsAreLookedUpPerHostAndAnExplicitOneWins() throws IOException {
        write(".pgpass", "a:5432:*:u:pa\nb:5432:*:u:pb\nlocalhost:5432:*:u:plocal\n", "rw-------");
        ConnInfo c = resolve("host=a,b,/tmp user=u");
        List<Endpoint> eps = c.endpoints();
        assertThat(c.passwordFor(eps.get(0))).isEqualTo("pa");
        assertThat(c.passwordFor(eps.get(1))).isEqualTo("pb");
        assertThat(c.passwordFor(eps.get(2))).as("a socket directory matches localhost").isEqualTo("plocal");
        ConnInfo explicit = resolve("host=a user=u password=given");
        assertThat(explicit.passwordFor(explicit.endpoints().get(0))).isEqualTo("given");
    }

    @Test
    void thePasswordFileMayBeNamedByKeywordOrEnvironment() throws IOException {
        Path custom = write("custom-pass", "*:*:*:*:custom\n", "rw-------");
        ConnInfo c = resolve("host=h passfile=" + custom);
        assertThat(c.passwordFor(c.endpoints().get(0))).isEqualTo("custom");
        vars.put("PGPASSFILE", custom.toString());
        ConnInfo e = resolve("host=h");
        assertThat(e.passwordFor(e.endpoints().get(0))).isEqualTo("custom");
    }

    @Test
    void aPasswordFileOthersCanReadIsIgnoredWithAWarning() throws IOException {
        write(".pgpass", "*:*:*:*:exposed\n", "rw-r--r--");
        ConnInfo c = resolve("host=h");
        assertThat(c.passwordFor(c.endpoints().get(0))).isNull();
        assertThat(c.warnings()).singleElement().asString().contains("group or world access");
    }

    @Test
    void resolvedInfoKeepsThePasswordOutOfItsDsn() {
        vars.put("PGPASSWORD", "s3cr3t");
        ConnInfo c = resolve("host=h");
        assertThat(c.toDsn()).doesNotContain("s3cr3t");
        assertThat(Set.copyOf(c.params().keySet())).contains("password");
    }
}
