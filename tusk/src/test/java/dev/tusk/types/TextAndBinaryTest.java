package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.testing.PostgresExtension;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test against the real server with two connections in UTC: {@code text} never prepares,
 * so results come in text; {@code binary} prepares at once, so results come in binary for
 * every type with a binary loader from the second execution of a statement on.
 */
@ExtendWith(PostgresExtension.class)
abstract class TextAndBinaryTest {
    private final String dsn;
    protected Connection text;
    protected Connection binary;

    TextAndBinaryTest(String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        text = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).prepareThreshold(-1).build());
        binary = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).prepareThreshold(0).build());
        for (Connection c : both()) {
            c.execute("SET TimeZone = 'UTC'");
        }
    }

    @AfterEach
    void close() {
        text.close();
        binary.close();
    }

    /** Both connections, text first. */
    List<Connection> both() {
        return List.of(text, binary);
    }

    /**
     * Loads {@code SELECT %s::type} with the value through both connections, twice each
     * (prepared, so binary, on the second go), and checks each value loaded and how.
     */
    /**
     * Checks that the value's {@code mogrify} literal, cast on the server with {@code cast}
     * ({@code ::int4[]}), is not distinct from the value sent as a parameter.
     */
    void assertLiteralReadsBack(Object value, String cast) {
        try (Cursor<Row> cur = text.cursor()) {
            String literal = cur.mogrify("%s", value);
            Row r = cur.execute("SELECT (" + literal + ")" + cast + " IS NOT DISTINCT FROM %s" + cast, value)
                    .fetchOne();
            assertThat(r.get(0)).as(literal).isEqualTo(true);
        }
    }

    void forEachLoad(String type, Object value, BiConsumer<Object, String> check) {
        for (Connection c : both()) {
            for (int i = 0; i < 2; i++) {
                Object back = c.execute("SELECT %s::" + type, value).fetchOne().get(0);
                check.accept(back, type + " via " + (c == text ? "text" : "binary"));
            }
        }
    }
}
