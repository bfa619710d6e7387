/**
 * Connection pools: {@link dev.tusk.pool.AsyncPool} hands out
 * {@link dev.tusk.AsyncConnection}s with futures (aiopg's {@code create_pool}, psycopg_pool's
 * {@code AsyncConnectionPool}), {@link dev.tusk.pool.Pool} blocking
 * {@link dev.tusk.Connection}s to threads, virtual ones included (psycopg_pool's
 * {@code ConnectionPool}). Both take {@link dev.tusk.pool.PoolOptions}.
 *
 * <pre>{@code
 * AsyncPool pool = AsyncPool.open(dsn).join();                       // aiopg.create_pool(dsn)
 * try (AsyncCursor<Row> cur = pool.cursor().join()) {
 *     cur.execute("SELECT 1").join();
 *     Row ret = cur.fetchOne().join();                                // (1)
 * }
 *
 * try (Pool pool = Pool.open(dsn, PoolOptions.builder().maxSize(8).build())) {
 *     pool.withConnection(conn -> conn.execute("INSERT INTO t VALUES (%s)", 1));   // committed
 * }
 * }</pre>
 *
 * <h2>Design</h2>
 *
 * <p><b>One policy, two kinds of connection.</b> The blocking pool is not a wrapper of the
 * asynchronous one: a blocking pool must hand out blocking {@code Connection}s, a different
 * object from an {@code AsyncConnection}, and joining futures for every call would make a
 * poor blocking API. Instead both pools are thin faces of one internal core, generic in the
 * connection type, which owns the whole policy: {@code PoolState} holds the lock, the idle
 * queue, the queue of waiting acquires, the sizes and the counters, and takes the decisions
 * on them; {@code PoolCore} lends, checks, takes back and resets connections;
 * {@code Connecting} makes them, with back-off; {@code Sweeper} retires expired and long-idle
 * ones and reports leaks; {@code Resetter} puts returned ones back in shape. What differs
 * between the kinds sits behind a small interface ({@code Connector}): connect, close,
 * cancel, roll back, run the hooks, and tell whether a connection is still usable. Its
 * operations return futures; for
 * blocking connections they run on the calling thread and return completed futures, except
 * connecting and closing, which run on the pool's worker threads because the core starts
 * them from wherever it decides to (a timer, a return).
 *
 * <p><b>One lock, no I/O under it.</b> The core's state is guarded by a single
 * {@code ReentrantLock} (not {@code synchronized}, which pins virtual threads on JDK 21),
 * held only for bookkeeping: deciding who gets which connection, counting, moving a
 * connection from one state to the next (idle, reserved for an acquire, out, being reset,
 * closed). Connecting, checking, resetting, closing, user hooks and the completion of
 * futures, whose continuations are the caller's code, all happen after the lock is
 * released.
 *
 * <p><b>Acquires are futures in a FIFO queue.</b> An acquire takes the oldest idle
 * connection (idle connections are handed out in FIFO order, so use spreads evenly), or
 * joins the queue, which starts a new connection if the pool may grow. A connection that
 * comes back, or is made, goes to the first waiter. A blocking acquire is the same future,
 * waited for with {@code get()}: it parks, so a virtual thread gives up its carrier. The
 * timeout completes the future with {@link dev.tusk.pool.PoolTimeout}; the caller may
 * cancel it. Either way the acquire is taken out of the queue, and a connection handed to
 * it at that very moment, which then cannot complete it, goes on to the next waiter or back
 * to the idle queue: cancellation never leaks a connection. Handing a connection over runs
 * the waiter's continuation; one that releases at once would hand to the next waiter deeper
 * in the same stack, so handoffs made during a handoff are queued and run one after the
 * other.
 *
 * <p><b>Dead connections are replaced before they are handed out.</b> An asynchronous
 * connection is read by its event loop also while idle, so a connection the server drops
 * completes its {@code closeFuture()} and leaves the pool at once. A blocking connection is
 * read only by its user, so the pool reads what the server sent, without waiting
 * ({@link dev.tusk.Connection#consumeInput()}), before handing out an idle one and at each
 * sweep. The optional check hook adds a round trip for the paranoid. A connection that
 * fails any of these is replaced and the acquire moves on, keeping its place in the queue.
 * An execution listener on every pooled connection notes the errors that make it unfit for
 * reuse (a read-only server after a failover, 25006; class 08; 57P01 to 57P03): such a
 * connection is closed when returned.
 *
 * <p><b>When the server is down</b> connection attempts fail and are retried with
 * exponential back-off as long as the pool needs them, up to
 * {@link dev.tusk.pool.PoolOptions#reconnectTimeout()}; acquires meanwhile fail after the
 * timeout with a {@code PoolTimeout} whose message and cause give the last connection error.
 * The pool recovers by itself: the next attempt that succeeds serves the queue.
 *
 * <p><b>Timed work</b> (acquire timeouts, back-off delays, and a periodic sweep that
 * retires expired and long-idle connections, reports leaks and keeps {@code minSize}) runs
 * on one shared daemon thread, {@code tusk-pool-timer}.
 *
 * <p>Log messages go to the {@code System.Logger} named {@code dev.tusk.pool}: WARNING for a
 * connection returned in a transaction (rolled back), a failed connection attempt and a
 * suspected leak; INFO for connections discarded as dead.
 */
package dev.tusk.pool;
