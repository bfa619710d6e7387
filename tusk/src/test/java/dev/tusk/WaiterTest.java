package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.net.Waiter;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaiterTest {
    private final String dsn;

    WaiterTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    /** One call of a waiter. */
    record Wait(SelectableChannel channel, int ops, Duration timeout) {
    }

    /** Records every wait, then waits as {@link Waiter#select()} does. */
    static final class RecordingWaiter implements Waiter {
        final List<Wait> waits = new CopyOnWriteArrayList<>();

        @Override
        public void await(SelectableChannel channel, int ops, Duration timeout) throws IOException {
            waits.add(new Wait(channel, ops, timeout));
            Waiter.select().await(channel, ops, timeout);
        }
    }

    private Connection connect(Waiter waiter, Duration timeout) {
        return Connection.connect(dsn, ConnectOptions.builder().autocommit(true).timeout(timeout).waiter(waiter).build());
    }

    @Test
    void aConnectionWithAWaiterRunsQueriesAndHandsItEveryWaitOnItsOwnSocket() throws IOException {
        RecordingWaiter waiter = new RecordingWaiter();
        SelectableChannel channel;
        try (Connection conn = connect(waiter, null)) {
            assertThat(waiter.waits).extracting(Wait::ops).contains(SelectionKey.OP_CONNECT);
            int afterConnect = waiter.waits.size();

            assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
            assertThat(conn.execute("SELECT %s::int + %s", 40, 2).fetchOne().get(0)).isEqualTo(42);
            List<Row> rows = conn.execute("SELECT g, repeat('x', 1000) FROM generate_series(1, 5000) g").fetchAll();
            assertThat(rows).hasSize(5000);
            assertThat(rows.get(4999).get(0)).isEqualTo(5000);
            assertThatThrownBy(() -> conn.execute("SELECT 1/0")).isInstanceOf(DivisionByZero.class);
            assertThat(conn.isBroken()).isFalse();
            assertThat(conn.execute("SELECT 'still usable'").fetchOne().get(0)).isEqualTo("still usable");
            // A fast local server may answer the others before the driver reads: this one must be awaited.
            assertThat(conn.execute("SELECT pg_sleep(0.1), 'slept'").fetchOne().get(1)).isEqualTo("slept");
            assertThat(waiter.waits.subList(afterConnect, waiter.waits.size()))
                    .extracting(Wait::ops).contains(SelectionKey.OP_READ);

            channel = waiter.waits.get(0).channel();
            assertThat(waiter.waits).extracting(Wait::channel).containsOnly(channel);
            assertThat(waiter.waits).extracting(Wait::timeout).containsOnlyNulls();
            Object clientPort = conn.execute("SELECT inet_client_port()").fetchOne().get(0);
            assertThat(((InetSocketAddress) ((SocketChannel) channel).getLocalAddress()).getPort()).isEqualTo(clientPort);
            assertThat(channel.isBlocking()).isFalse();
        }
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aTimeoutUnderAWaiterBoundsItsWaitsAndStillCancelsOnTheServer() {
        RecordingWaiter waiter = new RecordingWaiter();
        try (Connection conn = connect(waiter, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> conn.execute("SELECT pg_sleep(30)")).isInstanceOf(QueryTimeoutException.class);
            assertThat(conn.isBroken()).isFalse();
            assertThat(conn.execute("SELECT 42").fetchOne().get(0)).isEqualTo(42);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(waiter.waits).extracting(Wait::timeout)
                    .anySatisfy(t -> assertThat(t).isNotNull().isLessThanOrEqualTo(Duration.ofMillis(300)));
        }
    }

    @Test
    void theGlobalWaiterServesConnectionsWithoutOneOfTheirOwnUntilCleared() {
        Waiter previous = Waiter.global();
        RecordingWaiter global = new RecordingWaiter();
        RecordingWaiter own = new RecordingWaiter();
        try {
            Waiter.setGlobal(global);
            assertThat(Waiter.global()).isSameAs(global);
            try (Connection conn = Connection.connect(dsn)) {
                conn.execute("SELECT 1");
            }
            int seen = global.waits.size();
            assertThat(seen).isPositive();

            try (Connection conn = connect(own, null)) {
                conn.execute("SELECT 1");
            }
            assertThat(own.waits).isNotEmpty();
            assertThat(global.waits).hasSize(seen);

            Waiter.setGlobal(null);
            assertThat(Waiter.global()).isNull();
            try (Connection conn = Connection.connect(dsn)) {
                conn.execute("SELECT 1");
            }
            assertThat(global.waits).hasSize(seen);
        } finally {
            Waiter.setGlobal(previous);
        }
    }

    @Test
    void aWaiterThatThrowsBreaksTheConnectionInsteadOfHanging() {
        assertAFailingWaiterBreaksTheConnection(new InterruptedIOException("stopped by the scheduler"));
    }

    @Test
    void aWaiterFailingWithARuntimeExceptionAlsoBreaksTheConnection() {
        assertAFailingWaiterBreaksTheConnection(new IllegalStateException("scheduler shut down"));
    }

    /** Connects with a waiter that, once connected, fails every wait with {@code failure}. */
    private void assertAFailingWaiterBreaksTheConnection(Exception failure) {
        AtomicBoolean armed = new AtomicBoolean();
        Waiter waiter = (channel, ops, timeout) -> {
            if (!armed.get()) {
                Waiter.select().await(channel, ops, timeout);
            } else if (failure instanceof IOException io) {
                throw io;
            } else {
                throw (RuntimeException) failure;
            }
        };
        try (Connection conn = connect(waiter, null)) {
            armed.set(true);
            assertThatThrownBy(() -> conn.execute("SELECT pg_sleep(30)"))
                    .isInstanceOf(OperationalException.class)
                    .hasMessageContaining(failure.getMessage());
            assertThat(conn.isBroken()).isTrue();
            assertThat(conn.status()).isEqualTo(ConnectionStatus.BAD);
            assertThatThrownBy(() -> conn.execute("SELECT 1")).isInstanceOf(OperationalException.class);
        }
    }

    @Test
    void selectReturnsAfterItsTimeoutOnAChannelThatNeverBecomesReady() throws IOException {
        Pipe pipe = openPipe();
        try {
            long start = System.nanoTime();
            Waiter.select().await(pipe.source(), SelectionKey.OP_READ, Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(150))
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            close(pipe);
        }
    }

    @Test
    void selectWithoutTimeoutReturnsOnceTheChannelIsReady() throws Exception {
        Pipe pipe = openPipe();
        try {
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            Waiter.select().await(pipe.source(), SelectionKey.OP_READ, null);
            assertThat(pipe.source().read(ByteBuffer.allocate(1))).isEqualTo(1);
            writer.join();
        } finally {
            close(pipe);
        }
    }

    @Test
    void aChannelReadyAfterItsWaitDoesNotCutShortALaterWaitOnAnother() throws IOException {
        Pipe first = openPipe();
        Pipe second = openPipe();
        try {
            Waiter.select().await(first.source(), SelectionKey.OP_READ, Duration.ofMillis(10));
            first.sink().write(ByteBuffer.wrap(new byte[] {1}));
            long start = System.nanoTime();
            Waiter.select().await(second.source(), SelectionKey.OP_READ, Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        } finally {
            close(first);
            close(second);
        }
    }

    @Test
    void selectOnAChannelClosedSinceItsLastWaitFails() throws IOException {
        Pipe pipe = openPipe();
        Waiter.select().await(pipe.source(), SelectionKey.OP_READ, Duration.ofMillis(1));
        close(pipe);
        assertThatThrownBy(() -> Waiter.select().await(pipe.source(), SelectionKey.OP_READ, Duration.ofSeconds(30)))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void anInterruptedThreadsSelectFailsInsteadOfSpinning() throws IOException {
        Pipe pipe = openPipe();
        try {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> Waiter.select().await(pipe.source(), SelectionKey.OP_READ, Duration.ofSeconds(30)))
                    .isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            Thread.interrupted();
            close(pipe);
        }
    }

    private static Pipe openPipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        return pipe;
    }

    private static void close(Pipe pipe) throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }
}
