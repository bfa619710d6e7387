package dev.tusk.types;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.testing.PostgresExtension;
import java.util.List;
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
}
