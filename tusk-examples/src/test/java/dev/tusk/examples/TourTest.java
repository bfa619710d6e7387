package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.testing.PgServer;
import dev.tusk.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's main job: the tour runs every section against a real server. */
@ExtendWith(PostgresExtension.class)
class TourTest {

    @Test
    void theTourRunsEverySectionAndPrintsRealResults(PgServer server) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // Against the shared test server; the tour's own embedded start is what `mvn exec:java` does.
            Tour.main(new String[] {"--dsn", server.dsn()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("serverVersion() -> 1")
                .contains("query() -> INSERT INTO tour_test (num, data) VALUES (100, 'abc''def')")
                .contains("asString() -> INSERT INTO \"public\".\"tour_test\" (\"num\", \"data\") VALUES (%s, %s)")
                .contains("Literal and Identifier -> SELECT 'it''s' AS \"say \"\"hi\"\"\"")
                .contains("record(Account.class) -> [Account[id=1, owner=ada, balance=12.50]")
                .contains("SELECT '(10.2,20.3)'::point -> Point[x=10.2, y=20.3]")
                .contains("inner block failed and rolled back to its savepoint -> DivisionByZero")
                .contains("constraint -> tour_test_data_key")
                .contains("_tusk_")
                .contains("after the wait loop, fetchOne().get(1) -> 42")
                .contains("Tour complete.");
    }
}
