package dev.tusk.pool;

import java.time.Duration;

/**
 * A snapshot of a pool: its sizes now, and counters since it was created (psycopg_pool's
 * {@code get_stats()}). Once no acquire is in progress, {@code requests} is the number of
 * acquires that got a connection plus {@code errors} plus {@code cancelled}, and
 * {@code connectionsMade - connectionsClosed} is {@code size}.
 *
 * <pre>{@code
 * PoolStats s = pool.stats();
 * log.info(s.inUse() + "/" + s.size() + " in use, " + s.waiting() + " waiting, " + s.errors() + " errors");
 * }</pre>
 *
 * @param minSize           {@code minSize} now
 * @param maxSize           {@code maxSize} now, 0 for no limit
 * @param size              open connections: idle, in use, and being checked or reset
 * @param available         idle connections
 * @param inUse             connections handed out and not yet returned
 * @param waiting           acquires waiting now
 * @param connecting        connection attempts in progress, back-off delays included
 * @param requests          acquires made (the shortcuts included)
 * @param queued            acquires that had to wait
 * @param errors            acquires that failed: {@link PoolTimeout}, {@link TooManyRequests},
 *                          {@link PoolClosed}
 * @param cancelled         acquires the caller cancelled
 * @param waitTime          the time the queued acquires waited, in total
 * @param usageTime         the time connections were out of the pool, in total
 * @param badReturns        connections returned closed, broken, impossible to reset, or after an
 *                          error that makes them unfit for reuse (a read-only server, 25006)
 * @param connectionsMade   connections opened
 * @param connectionsFailed connection attempts that failed
 * @param connectionsLost   connections found dead while idle or by the {@code check} hook
 * @param connectionsClosed connections the pool closed or lost, for any reason
 * @param connectTime       the time spent connecting, in total, failed attempts included
 */
public record PoolStats(int minSize, int maxSize, int size, int available, int inUse, int waiting, int connecting,
                        long requests, long queued, long errors, long cancelled, Duration waitTime,
                        Duration usageTime, long badReturns, long connectionsMade, long connectionsFailed,
                        long connectionsLost, long connectionsClosed, Duration connectTime) {
}
