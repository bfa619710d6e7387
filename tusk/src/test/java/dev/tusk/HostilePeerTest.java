package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that are not a working PostgreSQL server: one that never answers, one that answers
 * garbage, one that hangs up mid-message. The client must fail fast with a typed exception.
 * (These are not stand-ins for the server's behaviour: every behaviour test uses the real one.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostilePeerTest {

    /** Accepts one connection on loopback and hands its socket to {@code peer}. */
    private static ServerSocket peer(Consumer<Socket> peer) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                peer.accept(s);
            } catch (IOException ignored) {
                // the test closed the server
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static void readStartup(Socket s) {
        try {
            InputStream in = s.getInputStream();
            int len = (in.read() << 24) | (in.read() << 16) | (in.read() << 8) | in.read();
            in.readNBytes(len - 4);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String dsn(ServerSocket server, String extra) {
        return "host=127.0.0.1 port=" + server.getLocalPort() + " user=u dbname=d " + extra;
    }

    /** The three drivers, each connecting in its own way. */
    enum Driver {
        BLOCKING, ASYNC, POLLING;

        void connect(String dsn) {
            switch (this) {
                case BLOCKING -> Connection.connect(dsn).close();
                case ASYNC -> {
                    try {
                        AsyncConnection.connect(dsn).join().close();
                    } catch (java.util.concurrent.CompletionException e) {
                        throw (RuntimeException) e.getCause();
                    }
                }
                case POLLING -> {
                    try (PollingConnection conn = PollingConnection.start(dsn)) {
                        conn.pollUntilOk(null);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aServerThatNeverAnswersFailsAfterConnectTimeout(Driver driver) throws Exception {
        try (ServerSocket server = peer(s -> {
            readStartup(s);
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> driver.connect(dsn(server, "connect_timeout=2")))
                    .isInstanceOf(OperationalException.class)
                    .hasMessageContaining("timeout expired");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void garbageFromThePeerIsAProtocolError(Driver driver) throws Exception {
        try (ServerSocket server = peer(s -> {
            readStartup(s);
            try {
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                out.flush();
                Thread.sleep(5_000);
            } catch (IOException | InterruptedException ignored) {
                // done
            }
        })) {
            assertThatThrownBy(() -> driver.connect(dsn(server, "")))
                    .isInstanceOf(OperationalException.class)
                    .hasMessageContaining("not a PostgreSQL server")
                    .hasCauseInstanceOf(ProtocolException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aPeerThatHangsUpMidMessageIsALostConnection(Driver driver) throws Exception {
        try (ServerSocket server = peer(s -> {
            readStartup(s);
            try {
                s.getOutputStream().write(new byte[] {'R', 0, 0, 0, 8, 0});
                s.getOutputStream().flush();
            } catch (IOException ignored) {
                // done
            }
        })) {
            assertThatThrownBy(() -> driver.connect(dsn(server, "")))
                    .isInstanceOf(OperationalException.class)
                    .hasMessageContaining("in the middle of a message");
        }
    }
}
