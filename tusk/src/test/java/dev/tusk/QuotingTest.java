package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Client-side quoting must be exactly what the server parses; bound values must arrive unchanged. */
@ExtendWith(PostgresExtension.class)
class QuotingTest {
    private static final String NASTY = "'\"\\%$1?;-- \n\t\r/*E'x'\u00e9\u4e2d\ud83d\ude00\u0000";
    private final String dsn;
    private Connection conn;

    QuotingTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
    }

    @AfterEach
    void tearDown() {
        conn.close();
    }

    static String randomString(Random r) {
        int len = r.nextInt(40);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            int pick = r.nextInt(10);
            if (pick < 5) {
                // Mostly the characters that break quoting; never NUL, which text cannot hold.
                sb.append(NASTY.charAt(r.nextInt(NASTY.length() - 3)));
            } else if (pick < 8) {
                sb.append((char) (' ' + r.nextInt(95)));
            } else {
                int cp = 0x80 + r.nextInt(0x2FF80);
                if (Character.isDefined(cp) && Character.getType(cp) != Character.SURROGATE
                        && Character.getType(cp) != Character.PRIVATE_USE) {
                    sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }

    @Test
    void mogrifiedLiteralsParseBackToTheOriginalStrings() {
        Random r = new Random(20261122);
        try (Cursor<Row> cur = conn.cursor()) {
            for (int i = 0; i < 1000; i++) {
                String s = randomString(r);
                String sql = cur.mogrify("SELECT %s::text", s);
                assertThat(cur.execute(sql).fetchOne().get(0)).as("literal %s", sql).isEqualTo(s);
            }
        }
    }

    @Test
    void literalsParseTheSameWithStandardConformingStringsOff() {
        conn.execute("SET standard_conforming_strings = off");
        conn.execute("SET escape_string_warning = off");
        Random r = new Random(7);
        try (Cursor<Row> cur = conn.cursor()) {
            for (int i = 0; i < 200; i++) {
                String s = randomString(r);
                assertThat(cur.execute(cur.mogrify("SELECT %s::text", s)).fetchOne().get(0)).isEqualTo(s);
            }
        }
    }

    @Test
    void boundStringsRoundTripExactly() {
        Random r = new Random(11);
        try (Cursor<Row> cur = conn.cursor()) {
            for (int i = 0; i < 1000; i++) {
                String s = randomString(r);
                Row row = cur.execute("SELECT %s::text, octet_length(%s::text)", s, s).fetchOne();
                assertThat(row.get(0)).isEqualTo(s);
                assertThat(row.get(1)).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
        }
    }

    @Test
    void boundBytesRoundTripByteForByte() {
        Random r = new Random(3);
        try (Cursor<Row> cur = conn.cursor()) {
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                Row row = cur.execute("SELECT %s::bytea, md5(%s::bytea)", b, b).fetchOne();
                assertThat(Arrays.equals((byte[]) row.get(0), b)).isTrue();
                String literal = cur.mogrify("%s", (Object) b);
                assertThat(Arrays.equals((byte[]) cur.execute("SELECT " + literal).fetchOne().get(0), b)).isTrue();
            }
        }
    }

    @Test
    void placeholdersInsideValuesAreNeverInterpreted() {
        Row row = conn.execute("SELECT %s::text, %s::text", "%s", "$1").fetchOne();
        assertThat(row.toList()).containsExactly("%s", "$1");
    }
}
