package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.AsyncConnection;
import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Listener;
import dev.tusk.Notify;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifyExamplesTest {
    private final String dsn;
    private Connection psql;

    NotifyExamplesTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        psql = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
    }

    @AfterEach
    void close() {
        psql.close();
    }

    @Test
    void seed002GeneratorPrintsUntilStopThenStops() {
        int pid = psql.backendPid();
        List<String> printed = NotifyExamples.stopOnPayload(dsn, () -> {
            psql.execute("NOTIFY mychan, 'hello'");
            psql.execute("NOTIFY mychan, 'stop'");
            psql.execute("NOTIFY mychan, 'never printed'");
        });
        assertThat(printed).containsExactly(
                "Notify[channel=mychan, payload=hello, pid=" + pid + "]",
                "Notify[channel=mychan, payload=stop, pid=" + pid + "]",
                "there, I stopped");
    }

    @Test
    void seed002HandlerRunsDuringTheNextQuery() {
        List<String> printed = NotifyExamples.handlerDuringAQuery(dsn, () -> psql.execute("NOTIFY mychan, 'hey'"));
        assertThat(printed).containsExactly("got this: Notify[channel=mychan, payload=hey, pid=" + psql.backendPid() + "]");
    }

    @Test
    void theAsyncHandlerRunsWithoutAnyQuery() throws Exception {
        BlockingQueue<Notify> got = new LinkedBlockingQueue<>();
        AsyncConnection conn = NotifyExamples.asyncHandler(dsn, got::add).get(10, TimeUnit.SECONDS);
        try {
            psql.notify("mychan", "idle delivery");
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo(new Notify("mychan", "idle delivery", psql.backendPid()));
        } finally {
            conn.close();
        }
    }

    @Test
    void theResilientListenerSeesPayloadsAndGaps() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        Listener listener = NotifyExamples.resilient(dsn, got::add, () -> got.add("<gap>"));
        try {
            psql.notify("mychan", "one");
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("one");
            psql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE pid <> pg_backend_pid() AND query LIKE 'LISTEN \"mychan\"%'");
            assertThat(got.poll(20, TimeUnit.SECONDS)).isEqualTo("<gap>");
            psql.notify("mychan", "two");
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("two");
        } finally {
            listener.close();
        }
    }
}
