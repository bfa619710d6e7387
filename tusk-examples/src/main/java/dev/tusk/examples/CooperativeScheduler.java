package dev.tusk.examples;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.net.Waiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Green threads over blocking connections: the Java counterpart of psycopg2's coroutine
 * support, where gevent or eventlet register a wait callback ({@code set_wait_callback}) so
 * that a blocking query yields to other greenlets while it waits for the server.
 *
 * <p>Each task runs on a thread of its own, but only the holder of the baton (a fair
 * semaphore with one permit) runs Java code; the others are parked. The scheduler's
 * {@link #waiter()} hands the baton on while its task waits for the network and takes it back
 * afterwards, so the tasks' queries overlap on the server although their code never runs in
 * parallel, just as greenlets share one OS thread.
 *
 * <pre>{@code
 * CooperativeScheduler scheduler = new CooperativeScheduler();
 * ConnectOptions opts = ConnectOptions.builder().waiter(scheduler.waiter()).build();
 * Future<Integer> f = scheduler.spawn(() -> {
 *     try (Connection conn = Connection.connect(dsn, opts)) {
 *         return conn.execute("SELECT pg_sleep(0.2), %s", 1).fetchOne().get(1, Integer.class);
 *     }
 * });
 * }</pre>
 */
public final class CooperativeScheduler {
    private final Semaphore baton = new Semaphore(1, true);
    private final AtomicInteger holders = new AtomicInteger();
    private final AtomicInteger mostHolders = new AtomicInteger();
    private final AtomicInteger spawned = new AtomicInteger();
    private final Waiter waiter = (channel, ops, timeout) -> {
        give();
        try {
            Waiter.select().await(channel, ops, timeout);
        } finally {
            take();
        }
    };

    /** Creates a scheduler with no tasks. */
    public CooperativeScheduler() {
    }

    /**
     * Starts a task on a new thread; it runs whenever it holds the baton.
     *
     * @param task what to run
     * @param <T>  its result type
     * @return the task's result to come
     */
    public <T> Future<T> spawn(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(() -> {
            take();
            try {
                return task.call();
            } finally {
                give();
            }
        });
        Thread thread = new Thread(future, "green-" + spawned.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    /**
     * The wait callback to give the tasks' connections ({@link ConnectOptions.Builder#waiter}):
     * it lets another task run while this one waits for its socket.
     *
     * @return the waiter
     */
    public Waiter waiter() {
        return waiter;
    }

    /**
     * The most tasks that ever held the baton at once: 1 once a task ran, or the scheduler
     * is broken.
     *
     * @return the count
     */
    public int mostConcurrentHolders() {
        return mostHolders.get();
    }

    private void take() {
        // Uninterruptibly: a task never runs on without the baton, nor gives back one it lacks.
        baton.acquireUninterruptibly();
        mostHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
    }

    private void give() {
        holders.decrementAndGet();
        baton.release();
    }

    /**
     * Runs {@code tasks} tasks, each on its own connection, each sleeping 0.2 s on the server
     * and returning its number: together they take little more than 0.2 s.
     *
     * @param scheduler the scheduler to run them on
     * @param dsn       where to connect
     * @param tasks     how many
     * @return each task's number, in order
     * @throws InterruptedException if interrupted while waiting for the tasks
     * @throws ExecutionException   if a task failed
     */
    public static List<Integer> sleepTogether(CooperativeScheduler scheduler, String dsn, int tasks)
            throws InterruptedException, ExecutionException {
        ConnectOptions opts = ConnectOptions.builder().waiter(scheduler.waiter()).build();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            int n = i;
            futures.add(scheduler.spawn(() -> {
                try (Connection conn = Connection.connect(dsn, opts)) {
                    return conn.execute("SELECT pg_sleep(0.2), %s", n).fetchOne().get(1, Integer.class);
                }
            }));
        }
        List<Integer> values = new ArrayList<>();
        for (Future<Integer> f : futures) {
            values.add(f.get());
        }
        return values;
    }

    /**
     * Runs ten tasks that each sleep 0.2 s on the server and prints how long they took together.
     *
     * @param args {@code DSN}
     * @throws Exception if a task failed
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        List<Integer> values = sleepTogether(new CooperativeScheduler(), args.length > 0 ? args[0] : "", 10);
        System.out.printf("10 tasks of pg_sleep(0.2) returned %s in %d ms%n", values,
                (System.nanoTime() - start) / 1_000_000);
    }
}
