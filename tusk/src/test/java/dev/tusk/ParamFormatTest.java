package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.PgException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.types.ByteSink;
import dev.tusk.types.Dumper;
import dev.tusk.types.Format;
import dev.tusk.types.Json;
import dev.tusk.types.Jsonb;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Psycopg 3's {@code %t} and {@code %b}: the placeholder forces the parameter's format. */
@ExtendWith(PostgresExtension.class)
class ParamFormatTest {
    /** A value whose binary form is deliberately broken, to see which form was sent. */
    record Tagged(int n) {
    }

    private static final Dumper<Tagged> BROKEN_BINARY = new Dumper<>() {
        @Override
        public int oid() {
            return 23;
        }

        @Override
        public Format format() {
            return Format.BINARY;
        }

        @Override
        public void dump(Tagged value, ByteSink out) {
            out.writeByte(value.n());   // one byte where int4 needs four: the server refuses it
        }

        @Override
        public String quote(Tagged value) {
            return value.n() + "::int4";
        }
    };

    private final String dsn;
    private Connection conn;

    ParamFormatTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
        conn.adapters().register(Tagged.class, BROKEN_BINARY);
    }

    @AfterEach
    void close() {
        conn.close();
    }

    @Test
    void percentTSendsTheTextForm() {
        assertThatThrownBy(() -> conn.execute("SELECT %s + 1", new Tagged(41))).isInstanceOf(PgException.class);
        assertThat(conn.execute("SELECT %t + 1", new Tagged(41)).fetchOne().get(0)).isEqualTo(42);
        assertThat(conn.execute("SELECT %(n)t + 1", Map.of("n", new Tagged(1))).fetchOne().get(0)).isEqualTo(2);
        assertThat(conn.execute("SELECT %t::text, %t, %t", 3.5, java.time.LocalDate.of(2024, 2, 29), new byte[] {1, 2})
                .fetchOne().toList()).containsExactly("3.5", java.time.LocalDate.of(2024, 2, 29), new byte[] {1, 2});
    }

    @Test
    void percentBSendsStringsAndJsonInBinary() {
        // Binary has no "unknown": a string forced to binary is text.
        assertThatThrownBy(() -> conn.execute("SELECT pg_typeof(%s)::text", "a"))
                .hasMessageContaining("could not determine data type");
        assertThat(conn.execute("SELECT pg_typeof(%b)::text", "b").fetchOne().get(0)).isEqualTo("text");
        assertThat(conn.execute("SELECT %b || '!'", "it's").fetchOne().get(0)).isEqualTo("it's!");
        assertThat(conn.execute("SELECT %b, %b", new Json("[1]"), new Jsonb("{\"a\": 1}")).fetchOne().toList())
                .containsExactly(new Json("[1]"), new Json("{\"a\": 1}"));
        assertThat(conn.execute("SELECT %b + 1", 41).fetchOne().get(0)).isEqualTo(42);
    }

    @Test
    void percentBForATextOnlyTypeRaisesBeforeSending() {
        conn.adapters().register(java.net.URI.class, Dumper.text(600, Object::toString));
        assertThatThrownBy(() -> conn.execute("SELECT %b", java.net.URI.create("x:y")))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("%b");
        assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
    }
}
