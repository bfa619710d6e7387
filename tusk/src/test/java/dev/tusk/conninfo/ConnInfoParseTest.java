package dev.tusk.conninfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProgrammingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnInfoParseTest {
    private static final String SECRET = "s3cr3t-PW";

    @Test
    void keyValuePairsWithSpacesAroundEquals() {
        ConnInfo c = ConnInfo.parse("host = db.example.com  port=5433\tdbname= shop user =alice");
        assertThat(c.params()).containsExactly(Map.entry("host", "db.example.com"), Map.entry("port", "5433"),
                Map.entry("dbname", "shop"), Map.entry("user", "alice"));
    }

    @Test
    void quotedValuesWithEscapesAndEmptyValues() {
        ConnInfo c = ConnInfo.parse("password='it\\'s a \\\\ secret' application_name='' options='-c x=1'");
        assertThat(c.get("password")).isEqualTo("it's a \\ secret");
        assertThat(c.get("application_name")).isEmpty();
        assertThat(c.get("options")).isEqualTo("-c x=1");
    }

    @Test
    void backslashEscapesOutsideQuotes() {
        assertThat(ConnInfo.parse("dbname=a\\ b").get("dbname")).isEqualTo("a b");
    }

    @Test
    void anEmptyStringIsValid() {
        assertThat(ConnInfo.parse("").params()).isEmpty();
        assertThat(ConnInfo.parse("   ").params()).isEmpty();
        assertThat(ConnInfo.parse(null).params()).isEmpty();
    }

    @Test
    void unknownKeywordsMissingEqualsAndUnterminatedQuotesAreNamed() {
        assertThatThrownBy(() -> ConnInfo.parse("host=x colour=blue"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("invalid connection option \"colour\"");
        assertThatThrownBy(() -> ConnInfo.parse("host"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("missing \"=\" after \"host\"");
        assertThatThrownBy(() -> ConnInfo.parse("host='x"))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("unterminated quoted string starting at position 5");
    }

    @Test
    void uriWithUserPasswordHostPortDatabaseAndParameters() {
        ConnInfo c = ConnInfo.parse("postgresql://alice:" + SECRET + "@db.example.com:6543/shop?application_name=web&connect_timeout=10");
        assertThat(c.params()).containsEntry("user", "alice").containsEntry("password", SECRET)
                .containsEntry("host", "db.example.com").containsEntry("port", "6543").containsEntry("dbname", "shop")
                .containsEntry("application_name", "web").containsEntry("connect_timeout", "10");
        assertThat(ConnInfo.parse("postgres://h").get("host")).isEqualTo("h");
    }

    @Test
    void uriWithSeveralHostsIpv6AndPercentEncoding() {
        ConnInfo c = ConnInfo.parse("postgresql://[::1]:5433,db2,%2Fvar%2Frun%2Fpostgresql/d%C3%A9mo?user=b%20c");
        assertThat(c.get("host")).isEqualTo("::1,db2,/var/run/postgresql");
        assertThat(c.get("port")).isEqualTo("5433,,");
        assertThat(c.get("dbname")).isEqualTo("démo");
        assertThat(c.get("user")).isEqualTo("b c");
        assertThat(ConnInfo.parse("postgresql:///db?host=/tmp").get("host")).isEqualTo("/tmp");
    }

    @Test
    void badUrisAreProgrammingErrorsThatNeverEchoThePassword() {
        for (String bad : new String[] {
                "postgresql://u:" + SECRET + "@h/db?nope=1",
                "postgresql://u:" + SECRET + "@h/db%zz",
                "postgresql://u:" + SECRET + "@[::1/db",
                "postgresql://u:" + SECRET + "@h/db%00",
                "postgresql://u:" + SECRET + "@h/db?x"}) {
            assertThatThrownBy(() -> ConnInfo.parse(bad))
                    .isInstanceOf(ProgrammingException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
        assertThatThrownBy(() -> ConnInfo.parse("password=" + SECRET + " host='unterminated"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> ConnInfo.parse("password=" + SECRET + " port"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void toDsnHidesThePasswordAndParsesBack() {
        ConnInfo c = ConnInfo.parse("host=h password=" + SECRET + " sslpassword=" + SECRET
                + " options='-c a=b' application_name='it''s'".replace("''", "\\'"));
        String dsn = c.toDsn();
        assertThat(dsn).doesNotContain(SECRET).doesNotContain("password");
        assertThat(c.toString()).isEqualTo(dsn);
        ConnInfo back = ConnInfo.parse(dsn);
        assertThat(back.get("options")).isEqualTo("-c a=b");
        assertThat(back.get("application_name")).isEqualTo("it's");
        assertThat(back.with("password", SECRET).with("sslpassword", SECRET)).isEqualTo(c);
    }

    @Test
    void withRejectsUnknownKeywords() {
        assertThatThrownBy(() -> ConnInfo.parse("").with("hots", "x")).isInstanceOf(ProgrammingException.class);
        assertThat(ConnInfo.parse("host=a").with("host", "b").get("host")).isEqualTo("b");
    }
}
