package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Blocking connections on virtual threads (JDK 21+; skipped on 17, where they do not exist):
 * many concurrent connections, each parked during I/O, none pinning its carrier forever.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VirtualThreadTest {
    private final String dsn;

    VirtualThreadTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    private static ExecutorService virtualThreads() {
        try {
            // Looked up reflectively so the suite compiles for --release 17.
            return (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            Assumptions.abort("virtual threads need JDK 21+, this is " + Runtime.version());
            return null;
        }
    }

    @Test
    void manyVirtualThreadsEachWithAConnectionRunConcurrently() throws Exception {
        ExecutorService pool = virtualThreads();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
                        // Sleeping on the server while holding the socket: carriers must not be pinned.
                        conn.execute("SELECT pg_sleep(0.5)");
                        return conn.execute("SELECT %s::int", n).fetchOne().get(0, Integer.class);
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i);
            }
            // 40 sleeps of 0.5 s would take 20 s one after the other; together they take about one.
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(12);
        } finally {
            pool.shutdown();
        }
    }
}
