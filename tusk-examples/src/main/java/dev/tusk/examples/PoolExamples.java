package dev.tusk.examples;

import dev.tusk.AsyncCursor;
import dev.tusk.ConnectOptions;
import dev.tusk.Row;
import dev.tusk.pool.AsyncPool;
import dev.tusk.pool.Pool;
import dev.tusk.pool.PoolOptions;
import dev.tusk.pool.PooledConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The pool of seed 004 (aiopg's {@code create_pool}) in Java, and its blocking counterpart
 * (psycopg_pool's {@code with pool.connection() as conn:}). Each returns what the Python
 * asserts or prints, so a test can check it.
 */
public final class PoolExamples {
    private PoolExamples() {
    }

    /**
     * Seed 004 (aiopg), the basic usage of a pool:
     * <pre>
     * async def test_select():
     *     pool = await aiopg.create_pool(dsn)
     *     with (await pool.cursor()) as cur:
     *         await cur.execute('SELECT 1')
     *         ret = await cur.fetchone()
     *         assert ret == (1,), ret
     * </pre>
     *
     * Closing the cursor gives its connection back to the pool; the pool is closed at the end,
     * as the Python program's exit would.
     *
     * @param dsn where to connect
     * @return {@code ret}
     */
    public static CompletableFuture<Row> aiopgTestSelect(String dsn) {
        return AsyncPool.open(dsn).thenCompose(pool -> pool.cursor()
                .thenCompose(cur -> cur.execute("SELECT 1")
                        .thenCompose(AsyncCursor::fetchOne)
                        .whenComplete((ret, e) -> cur.close()))
                .whenComplete((ret, e) -> pool.close()));
    }

    /**
     * aiopg's {@code on_connect} and {@code pool_recycle}, and a connection taken with
     * {@code async with pool.acquire() as conn}:
     * <pre>
     * async def on_connect(conn):
     *     async with conn.cursor() as cur:
     *         await cur.execute("SET application_name = 'tusk-example'")
     *
     * pool = await aiopg.create_pool(dsn, minsize=2, maxsize=4, on_connect=on_connect, pool_recycle=3600)
     * async with pool.acquire() as conn:
     *     async with conn.cursor() as cur:
     *         await cur.execute("SHOW application_name")
     *         print(await cur.fetchone())
     * </pre>
     *
     * @param dsn where to connect
     * @return the application name the connection shows
     */
    public static CompletableFuture<String> aiopgOnConnect(String dsn) {
        PoolOptions options = PoolOptions.builder().minSize(2).maxSize(4)
                .configureAsync(conn -> conn.execute("SET application_name = 'tusk-example'"))
                .maxLifetime(Duration.ofHours(1))
                // aiopg's connections are always in autocommit; the hook must not leave a transaction open.
                .connectOptions(ConnectOptions.builder().autocommit(true).build())
                .build();
        return AsyncPool.open(dsn, options).thenCompose(pool -> pool.withConnection(
                        conn -> conn.execute("SHOW application_name").thenCompose(AsyncCursor::fetchOne))
                .thenApply(row -> (String) row.get(0))
                .whenComplete((name, e) -> pool.close()));
    }

    /**
     * The blocking pool (psycopg_pool):
     * <pre>
     * with ConnectionPool(dsn, min_size=1, max_size=4) as pool:
     *     with pool.connection() as conn:
     *         conn.execute("CREATE TEMP TABLE t (n int)")
     *         conn.execute("INSERT INTO t VALUES (1), (2)")
     *         print(conn.execute("SELECT sum(n) FROM t").fetchone())
     * </pre>
     *
     * @param dsn where to connect
     * @return the sum
     */
    public static long psycopgPoolConnection(String dsn) {
        try (Pool pool = Pool.open(dsn, PoolOptions.builder().minSize(1).maxSize(4).build())) {
            try (PooledConnection pc = pool.getConnection()) {
                var conn = pc.connection();
                conn.execute("CREATE TEMP TABLE t (n int)");
                conn.execute("INSERT INTO t VALUES (1), (2)");
                long sum = conn.execute("SELECT sum(n) FROM t").fetchOne().get(0, Long.class);
                conn.commit();
                return sum;
            }
        }
    }
}
