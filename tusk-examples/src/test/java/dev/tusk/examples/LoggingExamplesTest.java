package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.Row;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.LogCapture;
import dev.tusk.testing.PostgresExtension;
import java.lang.System.Logger.Level;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class LoggingExamplesTest {
    private final String dsn;

    LoggingExamplesTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void seed003LoggingCursorLogsTheMogrifiedStatementAtInfo() {
        try (LogCapture log = LogCapture.of("sql_debug", Level.INFO)) {
            List<Row> rows = LoggingExamples.seed003LoggingCursor(dsn);
            assertThat(rows).extracting(Row::toList).containsExactly(List.of(10, 20, 30));
            assertThat(log.lines()).containsExactly("INFO INSERT INTO mytable VALUES (10, 20, 30);");
        }
    }

    @Test
    void theLoggingCursorLogsTheFailureAtErrorAndRethrowsIt() {
        try (LogCapture log = LogCapture.of("sql_debug", Level.INFO)) {
            assertThatThrownBy(() -> LoggingExamples.everyCursorLogs(dsn, "INSERT INTO no_such_table VALUES (%s)", 1))
                    .isInstanceOf(UndefinedTable.class);
            assertThat(log.lines()).containsExactly("INFO INSERT INTO no_such_table VALUES (1)",
                    "ERROR UndefinedTable: ERROR:  relation \"no_such_table\" does not exist");
        }
    }

    @Test
    void echoLogsTheStatementAsSentWithItsParameters() {
        try (LogCapture log = LogCapture.of("dev.tusk.sql", Level.INFO)) {
            assertThat(LoggingExamples.echo(dsn)).isEqualTo(42);
            assertThat(log.lines()).containsExactly("INFO SELECT $1::int * 2 -- parameters: [21]");
        }
    }

    @Test
    void statementMetricsCountStatementsRowsAndTime() {
        LoggingExamples.StatementMetrics m = LoggingExamples.metrics(dsn);
        // BEGIN, CREATE, three INSERTs, SELECT, COMMIT
        assertThat(m.statements()).isEqualTo(7);
        assertThat(m.failures()).isZero();
        assertThat(m.rows()).isEqualTo(6);
        assertThat(m.time()).isPositive();
    }
}
