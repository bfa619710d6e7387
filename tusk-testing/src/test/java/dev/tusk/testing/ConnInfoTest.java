package dev.tusk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnInfoTest {

    @Test
    void quotesOnlyWhenNeeded() {
        assertThat(ConnInfo.quote("plain")).isEqualTo("plain");
        assertThat(ConnInfo.quote("")).isEqualTo("''");
        assertThat(ConnInfo.quote("a b")).isEqualTo("'a b'");
        assertThat(ConnInfo.quote("it's")).isEqualTo("'it\\'s'");
        assertThat(ConnInfo.quote("back\\slash")).isEqualTo("'back\\\\slash'");
    }

    @Test
    void formatSkipsNullsAndRoundTrips() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("host", "127.0.0.1");
        p.put("port", "5432");
        p.put("user", "we 'ird\\");
        p.put("password", null);
        p.put("dbname", "");
        String s = ConnInfo.format(p);
        assertThat(s).isEqualTo("host=127.0.0.1 port=5432 user='we \\'ird\\\\' dbname=''");
        p.remove("password");
        assertThat(ConnInfo.parse(s)).isEqualTo(p);
    }

    @Test
    void parsesLibpqSpacingAndErrorsWithoutEchoingValues() {
        assertThat(ConnInfo.parse("  host = localhost   port= 5 password='x y' "))
                .containsExactly(Map.entry("host", "localhost"), Map.entry("port", "5"), Map.entry("password", "x y"));
        assertThatThrownBy(() -> ConnInfo.parse("password='secret"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
        assertThatThrownBy(() -> ConnInfo.parse("justaword")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void externalServerParsesSimpleDsns() {
        ExternalPostgres ext = new ExternalPostgres("host=db.example port=6543 user=admin password=pw dbname=x");
        assertThat(ext.isEmbedded()).isFalse();
        assertThat(ext.host()).isEqualTo("db.example");
        assertThat(ext.port()).isEqualTo(6543);
        assertThat(ext.socketDir()).isNull();
        assertThat(ConnInfo.parse(ext.dsn("bob", null))).containsEntry("user", "bob").doesNotContainKey("password")
                .containsEntry("dbname", "x");
        assertThat(ConnInfo.parse(ext.dsn("bob", "p", "y"))).containsEntry("password", "p").containsEntry("dbname", "y");
        assertThat(ext.toString()).doesNotContain("pw");

        ExternalPostgres uri = new ExternalPostgres("postgresql://admin@db:5432/x");
        assertThat(uri.host()).isNull();
        assertThat(uri.port()).isEqualTo(-1);
        assertThat(uri.dsn()).isEqualTo("postgresql://admin@db:5432/x");
        assertThatThrownBy(() -> uri.dsn("a", "b")).isInstanceOf(IllegalStateException.class);

        assertThat(new ExternalPostgres("host=a,b port=1").host()).isNull();
        assertThat(new ExternalPostgres("dbname=x").port()).isEqualTo(-1);
    }

    @Test
    void hbaAndSqlQuoting() {
        assertThat(Sql.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Sql.literal("x'y\\z\nw")).isEqualTo("E'x\\'y\\\\z\\nw'");
        assertThat(HbaConfig.quoteUser("all")).isEqualTo("\"all\"");
        assertThatThrownBy(() -> Sql.literal("a\0")).isInstanceOf(IllegalArgumentException.class);
    }
}
