package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.AsyncConnection;
import dev.tusk.Row;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsyncExamplesTest {
    private final String dsn;

    AsyncExamplesTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void seed002AsyncUsageFetchesOneThenIteratesTheRest() {
        assertThat(AsyncExamples.psycopgAsyncUsage(dsn)).containsExactly("[1, 100, abc'def]", "[2, 42, bar]");
    }

    @Test
    void seed004AiopgGoFetchesAll() {
        List<Row> ret = AsyncExamples.aiopgGo(dsn).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(ret).extracting(Row::toList).containsExactly(List.of(1, "one"), List.of(2, "two"));
    }

    @Test
    void theCtrlCHookCancelsTheRunningQuery() throws Exception {
        AsyncConnection conn = AsyncConnection.connect(dsn).join();
        Thread hook = AsyncExamples.cancelOnCtrlC(conn);
        try {
            CompletableFuture<?> sleeping = conn.execute("SELECT pg_sleep(30)");
            Thread.sleep(100);
            hook.run();   // what the JVM does on SIGINT
            Throwable e = sleeping.handle((r, err) -> err instanceof CompletionException c ? c.getCause() : err)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(e).isInstanceOf(QueryCanceled.class);
            conn.rollback().join();
            assertThat(conn.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
            conn.close();
        }
    }
}
