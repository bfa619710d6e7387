package dev.tusk.examples;

import dev.tusk.AsyncConnection;
import dev.tusk.AsyncCursor;
import dev.tusk.ConnectOptions;
import dev.tusk.Row;
import dev.tusk.errors.QueryCanceled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * The asynchronous snippets of the seeds, in Java: psycopg 3's {@code AsyncConnection} usage
 * (seed 002), aiopg's {@code go()} (seed 004), and psycopg's recipe for interrupting an async
 * query with Ctrl-C (seed 002). Each returns what the Python prints, so a test can check it.
 */
public final class AsyncExamples {
    private AsyncExamples() {
    }

    /**
     * Seed 002:
     * <pre>
     * async with await psycopg.AsyncConnection.connect("dbname=test user=postgres") as aconn:
     *     async with aconn.cursor() as acur:
     *         await acur.execute("INSERT INTO test (num, data) VALUES (%s, %s)", (100, "abc'def"))
     *         await acur.execute("SELECT * FROM test")
     *         await acur.fetchone()        # will return (1, 100, "abc'def")
     *         async for record in acur:
     *             print(record)
     * </pre>
     *
     * @param dsn where to connect
     * @return the row {@code fetchone} returned, then each record the iteration printed
     */
    public static List<String> psycopgAsyncUsage(String dsn) {
        List<String> printed = new ArrayList<>();
        AsyncConnection aconn = AsyncConnection.connect(dsn).join();
        try (aconn; AsyncCursor<Row> acur = aconn.cursor()) {
            acur.execute("CREATE TEMP TABLE test (id serial PRIMARY KEY, num integer, data text)")
                    .thenCompose(c -> acur.execute("INSERT INTO test (num, data) VALUES (%s, %s)", 100, "abc'def"))
                    .thenCompose(c -> acur.execute("INSERT INTO test (num, data) VALUES (%s, %s)", 42, "bar"))
                    .thenCompose(c -> acur.execute("SELECT * FROM test"))
                    .thenCompose(AsyncCursor::fetchOne)
                    .thenAccept(first -> printed.add(first.toList().toString()))
                    .join();
            // async for record in acur: the rest of the result, as a Flow.Publisher.
            CompletableFuture<Void> iterated = new CompletableFuture<>();
            acur.stream().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Row record) {
                    printed.add(record.toList().toString());
                }

                @Override
                public void onError(Throwable t) {
                    iterated.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    iterated.complete(null);
                }
            });
            iterated.join();
            aconn.commit().join();
        }
        return printed;
    }

    /**
     * Seed 004 (aiopg):
     * <pre>
     * async def go():
     *     conn = await aiopg.connect(database='aiopg', user='aiopg', password='secret', host='')
     *     cur = await conn.cursor()
     *     await cur.execute("SELECT * FROM tbl")
     *     ret = await cur.fetchall()
     * </pre>
     *
     * @param dsn where to connect
     * @return {@code ret}
     */
    public static CompletableFuture<List<Row>> aiopgGo(String dsn) {
        // aiopg connections are always in autocommit mode.
        return AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true).build())
                .thenCompose(conn -> conn.execute("CREATE TEMP TABLE tbl (id int, val text)")
                        .thenCompose(c -> conn.execute("INSERT INTO tbl VALUES (1, 'one'), (2, 'two')"))
                        .thenCompose(c -> {
                            AsyncCursor<Row> cur = conn.cursor();
                            return cur.execute("SELECT * FROM tbl");
                        })
                        .thenCompose(AsyncCursor::fetchAll)
                        .whenComplete((ret, e) -> conn.close()));
    }

    /**
     * Seed 002's "Interrupting async operations using Ctrl-C": psycopg registers
     * {@code loop.add_signal_handler(signal.SIGINT, conn.cancel)}. In Java, Ctrl-C runs the
     * shutdown hooks; this installs one that cancels the connection's running query, so the
     * query's future fails with {@link QueryCanceled} instead of the JVM leaving a query
     * running on the server.
     *
     * @param conn the connection whose query Ctrl-C should cancel
     * @return the hook, for {@link Runtime#removeShutdownHook(Thread)}
     */
    public static Thread cancelOnCtrlC(AsyncConnection conn) {
        Thread hook = new Thread(() -> conn.cancel().join(), "tusk-cancel-on-sigint");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Runs a long query that Ctrl-C cancels (with {@link #cancelOnCtrlC}); prints how it ended.
     *
     * @param args {@code DSN}
     */
    public static void main(String[] args) {
        AsyncConnection conn = AsyncConnection.connect(args.length > 0 ? args[0] : "").join();
        cancelOnCtrlC(conn);
        System.out.println("running SELECT pg_sleep(60); press Ctrl-C to cancel it on the server");
        try {
            conn.execute("SELECT pg_sleep(60)").join();
            System.out.println("finished");
        } catch (CompletionException e) {
            System.out.println("cancelled: " + e.getCause().getMessage());
        }
    }
}
