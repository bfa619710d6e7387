package dev.tusk.examples;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Notify;
import dev.tusk.PollState;
import dev.tusk.PollingConnection;
import dev.tusk.PollingCursor;
import dev.tusk.Row;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller-driven snippets of the seeds, in Java: psycopg 2's {@code wait(conn)} loop, its
 * connect-then-query sequence and {@code SELECT pg_sleep(1); SELECT 42} (seed 003), LISTEN
 * with {@code select()} (seed 003), and psycopg 1's {@code select([cursor, another_file])}
 * loop with {@code isbusy()} (seeds 000 and 001), where the other file is a
 * {@link ServerSocketChannel} served by the same selector. Each returns what the Python prints.
 */
public final class PollingExamples {
    private PollingExamples() {
    }

    /**
     * Seed 003's {@code wait}:
     * <pre>
     * def wait(conn):
     *     while 1:
     *         state = conn.poll()
     *         if state == psycopg2.extensions.POLL_OK:
     *             break
     *         elif state == psycopg2.extensions.POLL_WRITE:
     *             select.select([], [conn.fileno()], [])
     *         elif state == psycopg2.extensions.POLL_READ:
     *             select.select([conn.fileno()], [], [])
     * </pre>
     * An error is an exception from {@code poll()}, not a state. {@code interestOps()} says
     * READ or WRITE the way Java's selector wants it (OP_CONNECT while a connect is pending).
     *
     * @param conn the connection
     * @throws IOException if the selector fails
     */
    public static void wait(PollingConnection conn) throws IOException {
        try (Selector selector = Selector.open()) {
            while (true) {
                PollState state = conn.poll();
                if (state == PollState.OK) {
                    break;
                }
                // Re-read channel(): it changes while connecting.
                conn.channel().register(selector, conn.interestOps());
                selector.select();
                selector.selectedKeys().clear();
            }
        }
    }

    /**
     * Seed 003's connect-then-query sequence:
     * <pre>
     * aconn = psycopg2.connect(database='test', async=1)
     * wait(aconn)
     * acurs = aconn.cursor()
     * acurs.execute("SELECT pg_sleep(5); SELECT 42;")
     * wait(acurs.connection)
     * acurs.fetchone()[0]          # 42
     * </pre>
     * Libpq keeps only the last result of a multi-statement query; Tusk keeps each (psycopg 3's
     * {@code nextset()}), so the example moves past {@code pg_sleep}'s.
     *
     * @param dsn where to connect
     * @return {@code acurs.fetchone()[0]}
     * @throws IOException if the selector fails
     */
    public static Object sleepThenFortyTwo(String dsn) throws IOException {
        try (PollingConnection aconn = PollingConnection.start(dsn)) {
            wait(aconn);
            PollingCursor<Row> acurs = aconn.cursor();
            acurs.execute("SELECT pg_sleep(1); SELECT 42;");
            wait(acurs.connection());
            acurs.nextSet();
            return acurs.fetchOne().get(0);
        }
    }

    /**
     * Seed 003's LISTEN loop:
     * <pre>
     * curs.execute("LISTEN test;")
     * while 1:
     *     if select.select([conn],[],[],5) == ([],[],[]):
     *         print "Timeout"
     *     else:
     *         conn.poll()
     *         while conn.notifies:
     *             print "Got NOTIFY:", conn.notifies.pop()
     * </pre>
     * Here the loop ends after {@code expected} notifications, or after {@code timeouts}
     * timeouts of {@code timeoutMillis}.
     *
     * @param conn          a connected polling connection
     * @param channel       the channel to LISTEN on
     * @param expected      how many notifications to wait for
     * @param timeoutMillis the select timeout (the seed uses 5 s)
     * @param timeouts      how many timeouts to accept before giving up
     * @return the lines the Python prints
     * @throws IOException if the selector fails
     */
    public static List<String> listen(PollingConnection conn, String channel, int expected, long timeoutMillis,
                                      int timeouts) throws IOException {
        List<String> printed = new ArrayList<>();
        PollingCursor<Row> curs = conn.cursor();
        curs.execute("LISTEN " + channel);
        wait(conn);
        int got = 0;
        try (Selector selector = Selector.open()) {
            conn.channel().register(selector, SelectionKey.OP_READ);
            while (got < expected && timeouts > 0) {
                if (selector.select(timeoutMillis) == 0) {
                    printed.add("Timeout");
                    timeouts--;
                } else {
                    selector.selectedKeys().clear();
                    conn.poll();
                    while (!conn.notifies().isEmpty()) {
                        Notify n = conn.notifies().remove(0);
                        printed.add("Got NOTIFY: (" + n.pid() + ", '" + n.channel() + "', '" + n.payload() + "')");
                        got++;
                    }
                }
            }
        }
        return printed;
    }

    /**
     * Seeds 000/001's loop, serving a second source on the same selector:
     * <pre>
     * curs.execute("SELECT * from test WHERE fielda > %s", (1971,), async=1)
     * query_ended = False
     * while not query_ended:
     *     rread, rwrite, rspec = select([cursor, another_file], [], [], 5)
     *     if not cursor.isbusy():
     *         query_ended = True
     *     # manage input from other sources like other_file, etc.
     * print "Query Results:"
     * for row in cursor:
     *     print row
     * </pre>
     * The other source is a {@link ServerSocketChannel} on {@code server}: every client that
     * connects while the query runs gets a greeting, so the loop really serves both.
     *
     * @param conn   a connected polling connection
     * @param server a bound, non-blocking server channel
     * @return what the loop printed: one line per client greeted, then the results
     * @throws IOException if the selector or the server channel fails
     */
    public static List<String> queryWhileServing(PollingConnection conn, ServerSocketChannel server)
            throws IOException {
        List<String> printed = new ArrayList<>();
        PollingCursor<Row> cursor = conn.cursor();
        cursor.execute("SELECT n, n * n FROM generate_series(1, 3) n, pg_sleep(0.5) WHERE n > %s", 1);
        try (Selector selector = Selector.open()) {
            cursor.channel().register(selector, SelectionKey.OP_READ);
            server.register(selector, SelectionKey.OP_ACCEPT);
            boolean queryEnded = false;
            while (!queryEnded) {
                selector.select(5000);
                // isBusy() reads what the server sent, so the loop needs no poll() of its own.
                if (!cursor.isBusy()) {
                    queryEnded = true;
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.channel() == server) {
                        greet(server, printed);
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        printed.add("Query Results:");
        for (Row row : cursor) {
            printed.add(row.toList().toString());
        }
        return printed;
    }

    /** Manages input from the other source: greets whoever connected. */
    private static void greet(ServerSocketChannel server, List<String> printed) throws IOException {
        SocketChannel client = server.accept();
        if (client != null) {
            try (client) {
                client.write(StandardCharsets.UTF_8.encode("hello from the loop\n"));
            }
            printed.add("greeted a client");
        }
    }

    /**
     * Runs the examples against {@code args[0]} (a DSN, default from the environment) and
     * prints what they print.
     *
     * @param args {@code [DSN]}
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        String dsn = args.length > 0 ? args[0] : "";
        System.out.println("SELECT pg_sleep(1); SELECT 42 -> " + sleepThenFortyTwo(dsn));
        try (PollingConnection conn = PollingConnection.start(dsn);
             ServerSocketChannel server = ServerSocketChannel.open();
             Connection other = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            wait(conn);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                queryWhileServing(conn, server).forEach(System.out::println);
                ByteBuffer greeting = ByteBuffer.allocate(64);
                client.read(greeting);
            }
            Thread notifier = new Thread(() -> {
                sleep(1500);
                other.execute("NOTIFY test, 'from main'");
            });
            notifier.start();
            listen(conn, "test", 1, 1000, 5).forEach(System.out::println);
            notifier.join();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
