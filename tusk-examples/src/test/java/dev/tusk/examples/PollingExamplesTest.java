package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.PollingConnection;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollingExamplesTest {
    private final String dsn;

    PollingExamplesTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void seed003SleepThenFortyTwoReturnsFortyTwo() throws IOException {
        assertThat(PollingExamples.sleepThenFortyTwo(dsn)).isEqualTo(42);
    }

    @Test
    void seed000LoopServesAServerSocketWhileTheQueryRuns() throws IOException {
        try (PollingConnection conn = PollingConnection.start(dsn);
             ServerSocketChannel server = ServerSocketChannel.open()) {
            PollingExamples.wait(conn);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            // Queued in the backlog: the loop accepts it while the query sleeps.
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                List<String> printed = PollingExamples.queryWhileServing(conn, server);
                assertThat(printed).containsExactly("greeted a client", "Query Results:", "[2, 4]", "[3, 9]");
                ByteBuffer greeting = ByteBuffer.allocate(64);
                client.read(greeting);
                assertThat(StandardCharsets.UTF_8.decode(greeting.flip()).toString()).isEqualTo("hello from the loop\n");
            }
        }
    }

    @Test
    void seed003ListenLoopPrintsTimeoutsThenTheNotification() throws Exception {
        try (PollingConnection conn = PollingConnection.start(dsn);
             Connection sender = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            PollingExamples.wait(conn);
            int listener = conn.backendPid();
            CompletableFuture<Void> notified = CompletableFuture.runAsync(() -> {
                // Send only once the listener's LISTEN is done, then let a timeout or two pass.
                while (sender.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s AND state = 'idle' "
                        + "AND query LIKE 'LISTEN%%'", listener).fetchOne().get(0).equals(0L)) {
                    Thread.onSpinWait();
                }
                sender.execute("SELECT pg_sleep(0.25)");
                sender.execute("NOTIFY test, 'payload'");
            });
            List<String> printed = PollingExamples.listen(conn, "test", 1, 100, 100);
            notified.get(30, TimeUnit.SECONDS);
            assertThat(printed.get(0)).isEqualTo("Timeout");
            assertThat(printed.get(printed.size() - 1))
                    .isEqualTo("Got NOTIFY: (" + sender.backendPid() + ", 'test', 'payload')");
        }
    }
}
