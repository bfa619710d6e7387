package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Connection#consumeInput()}: what an idle blocking connection learns without waiting. */
@ExtendWith(PostgresExtension.class)
@Timeout(30)
class ConsumeInputTest {
    private static final ConnectOptions AUTOCOMMIT = ConnectOptions.builder().autocommit(true).build();

    @Test
    void anIdleConnectionReadsNotificationsAndStaysUsable(@Dsn String dsn) {
        try (Connection conn = Connection.connect(dsn, AUTOCOMMIT); Connection other = Connection.connect(dsn, AUTOCOMMIT)) {
            conn.execute("LISTEN consume_input");
            other.notify("consume_input", "hello");
            long deadline = System.nanoTime() + 5_000_000_000L;
            java.util.List<Notify> seen = new java.util.ArrayList<>();
            conn.addNotifyHandler(seen::add);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                assertThat(conn.consumeInput()).isTrue();
            }
            assertThat(seen).extracting(Notify::payload).containsExactly("hello");
            assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
        }
    }

    @Test
    void aSessionTheServerEndedShowsAsBrokenAtOnce(@Dsn String dsn) {
        try (Connection conn = Connection.connect(dsn, AUTOCOMMIT); Connection admin = Connection.connect(dsn, AUTOCOMMIT)) {
            admin.execute("SELECT pg_terminate_backend(%s)", conn.backendPid());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((Long) admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", conn.backendPid())
                    .fetchOne().get(0) > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(conn.isBroken()).isFalse();
            assertThat(conn.consumeInput()).isFalse();
            assertThat(conn.isBroken()).isTrue();
            assertThat(conn.consumeInput()).isFalse();
        }
        Connection closed = Connection.connect(dsn);
        closed.close();
        assertThat(closed.consumeInput()).isFalse();
    }
}
