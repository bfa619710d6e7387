package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.Diagnostic;
import dev.tusk.errors.RaiseException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class NoticeTest {
    private final String dsn;
    private Connection conn;

    NoticeTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
    }

    @AfterEach
    void close() {
        conn.close();
    }

    @Test
    void seed002RollbackWithoutATransactionReachesTheHandlerAsAWarning() {
        List<Diagnostic> got = new CopyOnWriteArrayList<>();
        List<String> printed = new CopyOnWriteArrayList<>();
        conn.addNoticeHandler(got::add);
        conn.addNoticeHandler(diag -> printed.add("The server says: " + diag.severity() + " - " + diag.messagePrimary()));
        Cursor<Row> cur = conn.execute("ROLLBACK");
        assertThat(printed).containsExactly("The server says: WARNING - there is no transaction in progress");
        assertThat(cur.statusMessage()).isEqualTo("ROLLBACK");
        // Kept after the callback: a record, not a view of a buffer.
        Diagnostic kept = got.get(0);
        conn.execute("SELECT repeat('x', 100000)");
        assertThat(kept.severity()).isEqualTo("WARNING");
        assertThat(kept.sqlState()).isEqualTo("25P01");
        assertThat(conn.notices()).containsExactly("WARNING:  there is no transaction in progress\n");
    }

    @Test
    void raiseBelowExceptionIsANoticeAndExceptionRaises() {
        List<String> got = new CopyOnWriteArrayList<>();
        conn.addNoticeHandler(d -> got.add(d.severityNonlocalized() + " " + d.messagePrimary()));
        conn.execute("DO $$ BEGIN RAISE NOTICE 'n %', 1; RAISE WARNING 'w %', 2; RAISE INFO 'i'; END $$");
        assertThat(got).containsExactly("NOTICE n 1", "WARNING w 2", "INFO i");
        assertThatThrownBy(() -> conn.execute("DO $$ BEGIN RAISE EXCEPTION 'boom'; END $$"))
                .isInstanceOf(RaiseException.class).hasMessageContaining("boom");
        assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void noticesKeepOnlyTheLastFifty() {
        conn.execute("DO $$ BEGIN FOR i IN 1..120 LOOP RAISE NOTICE 'number %', i; END LOOP; END $$");
        List<String> notices = conn.notices();
        assertThat(notices).hasSize(50);
        assertThat(notices.get(0)).isEqualTo("NOTICE:  number 71\n");
        assertThat(notices.get(49)).isEqualTo("NOTICE:  number 120\n");
    }

    @Test
    void aFailingHandlerIsSkippedAndARemovedOneIsNotCalled() {
        List<String> got = new CopyOnWriteArrayList<>();
        Consumer<Diagnostic> removed = d -> got.add("removed");
        conn.addNoticeHandler(d -> {
            throw new IllegalStateException("handler bug");
        });
        conn.addNoticeHandler(removed);
        conn.addNoticeHandler(d -> got.add(d.messagePrimary()));
        assertThat(conn.removeNoticeHandler(removed)).isTrue();
        conn.execute("DO $$ BEGIN RAISE NOTICE 'still here'; END $$");
        assertThat(got).containsExactly("still here");
        assertThat(conn.execute("SELECT 2").fetchOne().get(0)).isEqualTo(2);
    }

    @Test
    void asyncAndPollingConnectionsDeliverNoticesToo() {
        AsyncConnection async = AsyncConnection.connect(dsn).join();
        try {
            List<String> got = new CopyOnWriteArrayList<>();
            async.addNoticeHandler(d -> got.add(d.messagePrimary()));
            async.execute("DO $$ BEGIN RAISE NOTICE 'async'; END $$").join();
            assertThat(got).containsExactly("async");
            assertThat(async.notices()).containsExactly("NOTICE:  async\n");
        } finally {
            async.close();
        }
        try (PollingConnection polling = PollingConnection.start(dsn)) {
            polling.pollUntilOk(null);
            List<String> got = new CopyOnWriteArrayList<>();
            polling.addNoticeHandler(d -> got.add(d.messagePrimary()));
            polling.cursor().execute("DO $$ BEGIN RAISE WARNING 'polled'; END $$");
            polling.pollUntilOk(null);
            assertThat(got).containsExactly("polled");
        }
    }
}
