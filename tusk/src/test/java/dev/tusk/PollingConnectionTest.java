package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollingConnectionTest {
    private final String dsn;
    private PollingConnection conn;

    PollingConnectionTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = PollingConnection.start(dsn);
        assertThat(conn.pollUntilOk(Duration.ofSeconds(30))).isTrue();
    }

    @AfterEach
    void close() {
        conn.close();
    }

    /** Psycopg 2's {@code wait(conn)}: polls, and waits on a selector for what poll() asked. */
    static List<PollState> waitOk(PollingConnection c) throws IOException {
        List<PollState> states = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            PollState s;
            while ((s = c.poll()) != PollState.OK) {
                states.add(s);
                c.channel().register(selector, c.interestOps());
                selector.select(1000);
                selector.selectedKeys().clear();
            }
        }
        return states;
    }

    /** Sends a query on {@code cur} and polls until its results are in. */
    private PollingCursor<Row> run(PollingCursor<Row> cur, String sql, Object... params) throws IOException {
        if (params.length == 0) {
            cur.execute(sql);
        } else {
            cur.execute(sql, params);
        }
        waitOk(conn);
        return cur;
    }

    /** Polls every connection once, then whichever the selector reports, until all are OK. */
    static void driveAll(Selector selector, List<PollingConnection> conns) throws IOException {
        Set<PollingConnection> pending = new HashSet<>(conns);
        for (PollingConnection c : conns) {
            step(selector, c, pending);
        }
        while (!pending.isEmpty()) {
            selector.select(1000);
            for (SelectionKey k : selector.selectedKeys()) {
                step(selector, (PollingConnection) k.attachment(), pending);
            }
            selector.selectedKeys().clear();
        }
    }

    private static void step(Selector selector, PollingConnection c, Set<PollingConnection> pending)
            throws IOException {
        if (c.poll() == PollState.OK) {
            pending.remove(c);
            c.channel().keyFor(selector).interestOps(0);
        } else {
            // Registering again updates the key; while connecting the channel may be a new one.
            c.channel().register(selector, c.interestOps(), c);
        }
    }

    @Test
    void startReturnsAtOnceAndPollingConnects() throws IOException {
        try (PollingConnection c = PollingConnection.start(dsn)) {
            assertThat(c.isClosed()).isFalse();
            List<PollState> states = waitOk(c);
            assertThat(states).isNotEmpty();
            assertThat(c.backendPid()).isPositive();
            assertThat(c.serverVersion()).isGreaterThan(100000);
            assertThat(c.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(c.poll()).isEqualTo(PollState.OK);
        }
    }

    @Test
    void seed003SleepThenFortyTwo() throws IOException {
        PollingCursor<Row> cur = conn.cursor();
        long start = System.nanoTime();
        cur.execute("SELECT pg_sleep(0.3); SELECT 42");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
        assertThat(conn.isExecuting()).isTrue();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.ACTIVE);
        assertThat(waitOk(conn)).contains(PollState.READ);
        assertThat(conn.isExecuting()).isFalse();
        // The first result is pg_sleep's; psycopg 2 shows the last, Tusk keeps both.
        assertThat(cur.nextSet()).isTrue();
        assertThat(cur.fetchOne().get(0)).isEqualTo(42);
    }

    @Test
    void fiftyConnectionsOnOneSelectorRunConcurrently() throws IOException {
        List<PollingConnection> conns = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < 50; i++) {
                conns.add(PollingConnection.start(dsn));
            }
            driveAll(selector, conns);
            List<PollingCursor<Row>> cursors = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                cursors.add(conns.get(i).cursor().execute("SELECT pg_sleep(0.2), %s::int", i));
            }
            driveAll(selector, conns);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            for (int i = 0; i < 50; i++) {
                assertThat(cursors.get(i).fetchOne().get(1)).isEqualTo(i);
            }
            // Sequentially this would take 10 s.
            assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
        } finally {
            conns.forEach(PollingConnection::close);
        }
    }

    @Test
    void parametersResultMembersAndCallProc() throws IOException {
        PollingCursor<Row> cur = conn.cursor();
        run(cur, "SELECT %s::int + 1 AS n, %s::text AS t", 41, "x");
        assertThat(cur.description()).extracting(Column::name).containsExactly("n", "t");
        assertThat(cur.fetchOne().toList()).containsExactly(42, "x");
        assertThat(cur.rowCount()).isEqualTo(1);
        assertThat(cur.statusMessage()).isEqualTo("SELECT 1");
        assertThat(cur.query()).isEqualTo("SELECT 41::int + 1 AS n, 'x'::text AS t");

        cur.execute("SELECT %(a)s::int * %(b)s::int", Map.of("a", 6, "b", 7));
        waitOk(conn);
        assertThat(cur.fetchAll()).extracting(r -> r.get(0)).containsExactly(42);

        cur.execute(dev.tusk.sql.Sql.of("SELECT {} * %s").format(dev.tusk.sql.Literal.of(6)), 7);
        waitOk(conn);
        assertThat(cur.fetchOne().get(0)).isEqualTo(42);

        cur.callProc("generate_series", 1, 3);
        waitOk(conn);
        assertThat(cur.query()).isEqualTo("SELECT * FROM generate_series(1,3)");
        cur.setArraySize(2);
        assertThat(cur.fetchMany()).hasSize(2);
        assertThat(cur.rowNumber()).isEqualTo(2);
        assertThat(cur.mogrify("SELECT %s", "it's")).isEqualTo("SELECT 'it''s'");
    }

    @Test
    void largeParametersAndResultsTakeManyNonBlockingSteps() throws IOException {
        String big = "x".repeat(32 << 20);
        PollingCursor<Row> cur = conn.cursor();
        cur.execute("SELECT length(%s::text)", big);
        List<PollState> states = waitOk(conn);
        // 32 MB do not fit in a socket buffer: poll() had to wait for the socket to drain.
        assertThat(states).contains(PollState.WRITE);
        assertThat(cur.fetchOne().get(0)).isEqualTo(big.length());

        cur.execute("SELECT repeat('y', 1000) FROM generate_series(1, 20000)");
        assertThat(waitOk(conn).size()).isGreaterThan(1);
        assertThat(cur.fetchAll()).hasSize(20000).allSatisfy(r -> assertThat(r.get(0, String.class)).hasSize(1000));
    }

    @Test
    void aQueryErrorIsRaisedByPollAndTheConnectionStaysUsable() throws IOException {
        PollingCursor<Row> cur = conn.cursor();
        cur.execute("SELECT 1/0");
        assertThatThrownBy(() -> waitOk(conn)).isInstanceOf(DivisionByZero.class);
        assertThat(conn.isExecuting()).isFalse();
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class);
        cur.execute("SELECT * FROM no_such_table_here");
        assertThatThrownBy(() -> waitOk(conn)).isInstanceOf(UndefinedTable.class);
        run(cur, "SELECT 7");
        assertThat(cur.fetchOne().get(0)).isEqualTo(7);
    }

    @Test
    void executeOnAnotherCursorWhileOneRunsRaises() throws IOException {
        PollingCursor<Row> first = conn.cursor();
        PollingCursor<Row> second = conn.cursor();
        first.execute("SELECT pg_sleep(0.2), 1");
        assertThatThrownBy(() -> second.execute("SELECT 2"))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("another cursor");
        waitOk(conn);
        assertThat(first.fetchOne().get(1)).isEqualTo(1);
        run(second, "SELECT 2");
        assertThat(second.fetchOne().get(0)).isEqualTo(2);
    }

    @Test
    void executeAgainOnTheSameCursorRunsBothAndKeepsOnlyTheNewResult() throws IOException {
        PollingCursor<Row> cur = conn.cursor();
        run(cur, "CREATE TEMP TABLE seen (n int)");
        cur.execute("INSERT INTO seen SELECT 1 FROM pg_sleep(0.2) RETURNING n");
        cur.execute("INSERT INTO seen VALUES (2) RETURNING n");
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("still executing");
        waitOk(conn);
        assertThat(cur.fetchAll()).extracting(r -> r.get(0)).containsExactly(2);
        assertThat(cur.nextSet()).isFalse();
        // The first query ran to its end: only its data was discarded.
        run(cur, "SELECT n FROM seen ORDER BY n");
        assertThat(cur.fetchAll()).extracting(r -> r.get(0)).containsExactly(1, 2);
    }

    @Test
    void cancelAbortsARunningQueryAndReturnsTrue() throws IOException {
        PollingCursor<Row> cur = conn.cursor();
        cur.execute("SELECT pg_sleep(5)");
        conn.poll();
        awaitRunning(conn.backendPid());
        long start = System.nanoTime();
        assertThat(conn.cancel()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(conn.isExecuting()).isFalse();
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class);
        run(cur, "SELECT 1");
        assertThat(cur.fetchOne().get(0)).isEqualTo(1);
    }

    /** A cancel request reaching a backend that has not started the query yet is ignored by the server. */
    private void awaitRunning(int pid) {
        try (Connection observer = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            while (observer.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s AND state = 'active'", pid)
                    .fetchOne().get(0).equals(0L)) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void cancelReturnsFalseForAFinishedQueryAndDiscardsItsResults() throws Exception {
        PollingCursor<Row> cur = conn.cursor();
        run(cur, "SELECT 1");
        assertThat(conn.cancel()).isFalse();
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class);

        // Finished on the server, but not yet read by a poll().
        cur.execute("SELECT 2");
        Thread.sleep(200);
        assertThat(conn.cancel()).isFalse();
        assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class);
        run(cur, "SELECT 3");
        assertThat(cur.fetchOne().get(0)).isEqualTo(3);
    }

    @Test
    void alwaysAutocommitAndTransactionsAreSentAsSql() throws IOException {
        assertThat(conn.autocommit()).isTrue();
        assertThatThrownBy(conn::commit).isInstanceOf(ProgrammingException.class).hasMessageContaining("autocommit");
        assertThatThrownBy(conn::rollback).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> conn.setAutocommit(false)).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> conn.setIsolationLevel(IsolationLevel.SERIALIZABLE))
                .isInstanceOf(ProgrammingException.class);
        PollingCursor<Row> cur = conn.cursor();
        run(cur, "BEGIN");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        cur.execute("CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1)");
        waitOk(conn);
        run(cur, "ROLLBACK");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        run(cur, "SELECT to_regclass('pg_temp.t') IS NULL");
        assertThat(cur.fetchOne().get(0)).isEqualTo(true);
    }

    @Test
    void isBusyMakesProgressOnItsOwn() throws Exception {
        PollingCursor<Row> cur = conn.cursor();
        assertThat(cur.isBusy()).isFalse();
        cur.execute("SELECT pg_sleep(0.2), 5");
        assertThat(cur.isBusy()).isTrue();
        // Psycopg 1's loop: wait on the cursor's channel, ask isBusy().
        try (Selector selector = Selector.open()) {
            cur.channel().register(selector, SelectionKey.OP_READ);
            while (cur.isBusy()) {
                selector.select(1000);
                selector.selectedKeys().clear();
            }
        }
        assertThat(cur.fetchOne().get(1)).isEqualTo(5);
    }

    @Test
    void notificationsArriveThroughPoll() throws Exception {
        PollingCursor<Row> cur = conn.cursor();
        run(cur, "LISTEN polling_test");
        assertThat(conn.notifies()).isEmpty();
        int senderPid;
        try (Connection sender = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            senderPid = sender.backendPid();
            sender.execute("NOTIFY polling_test, 'hello'");
        }
        try (Selector selector = Selector.open()) {
            conn.channel().register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (conn.notifies().isEmpty() && System.nanoTime() < deadline) {
                selector.select(1000);
                selector.selectedKeys().clear();
                assertThat(conn.poll()).isEqualTo(PollState.OK);
            }
        }
        assertThat(conn.notifies()).containsExactly(new Notify("polling_test", "hello", senderPid));
        conn.notifies().clear();
    }

    @Test
    void executeBeforeTheConnectionIsEstablishedRaises() {
        try (PollingConnection c = PollingConnection.start(dsn)) {
            assertThatThrownBy(() -> c.cursor().execute("SELECT 1"))
                    .isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("poll()");
        }
    }

    @Test
    void aStatementTimeoutOptionIsRefused() {
        assertThatThrownBy(() -> PollingConnection.start(dsn,
                ConnectOptions.builder().timeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("cancel()");
    }

    @Test
    void aKilledBackendMakesPollRaiseAndTheConnectionBroken() throws Exception {
        int pid = conn.backendPid();
        try (Connection killer = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            killer.execute("SELECT pg_terminate_backend(%s)", pid);
        }
        OperationalException lost = null;
        try (Selector selector = Selector.open()) {
            conn.channel().register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lost == null && System.nanoTime() < deadline) {
                selector.select(1000);
                selector.selectedKeys().clear();
                try {
                    assertThat(conn.poll()).isEqualTo(PollState.OK);
                } catch (OperationalException e) {
                    lost = e;
                }
            }
        }
        assertThat(lost).isInstanceOf(dev.tusk.errors.AdminShutdown.class).hasMessageContaining("terminat");
        assertThat(conn.isBroken()).isTrue();
        assertThatThrownBy(() -> conn.cursor()).isInstanceOf(OperationalException.class);
    }

    @Test
    void closedConnectionAndCursorRefuseUse() {
        PollingCursor<Row> cur = conn.cursor();
        cur.close();
        assertThatThrownBy(() -> cur.execute("SELECT 1")).isInstanceOf(InterfaceException.class);
        conn.close();
        assertThat(conn.isClosed()).isTrue();
        assertThatThrownBy(conn::poll).isInstanceOf(OperationalException.class);
        assertThat(conn.channel()).isNull();
    }

    @Test
    void aDeadServerFailsThePollNamingTheHost() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PollingConnection c = PollingConnection.start("host=127.0.0.1 port=" + port + " user=u dbname=d")) {
            assertThatThrownBy(() -> waitOk(c))
                    .isInstanceOf(OperationalException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThat(c.isBroken()).isTrue();
            assertThatThrownBy(c::poll).isInstanceOf(OperationalException.class);
        }
    }

    @Test
    void pollNeverBlocksOnAServerThatAcceptsButNeverAnswers() throws Exception {
        // The backlog accepts the connection; nobody ever reads or writes.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             PollingConnection c = PollingConnection.start("host=localhost hostaddr=127.0.0.1 port="
                     + silent.getLocalPort() + " user=u dbname=d connect_timeout=2");
             Selector selector = Selector.open()) {
            long slowest = 0;
            int polls = 0;
            OperationalException failure = null;
            long start = System.nanoTime();
            while (failure == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
                long t = System.nanoTime();
                try {
                    PollState s = c.poll();
                    assertThat(s).isNotEqualTo(PollState.OK);
                } catch (OperationalException e) {
                    failure = e;
                }
                slowest = Math.max(slowest, System.nanoTime() - t);
                polls++;
                if (failure == null) {
                    assertThat(c.pollTimeout()).isNotNull();
                    c.channel().register(selector, c.interestOps());
                    selector.select(50);
                    selector.selectedKeys().clear();
                }
            }
            assertThat(failure).isNotNull().hasMessageContaining("timeout expired");
            assertThat(polls).isGreaterThan(10);
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void aHostNameIsResolvedWithoutBlockingThePoll() throws IOException {
        String viaName = dsn.replaceAll("host=\\S+", "") + " host=localhost";
        try (PollingConnection c = PollingConnection.start(viaName)) {
            assertThat(c.poll()).isEqualTo(PollState.READ);
            assertThat(c.channel()).isInstanceOf(java.nio.channels.Pipe.SourceChannel.class);
            waitOk(c);
            assertThat(c.backendPid()).isPositive();
        }
    }

    @Test
    void aMalformedConninfoRaisesAtStart() {
        assertThatThrownBy(() -> PollingConnection.start("host=localhost port=notaport"))
                .isInstanceOf(ProgrammingException.class);
    }
}
