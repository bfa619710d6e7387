package dev.tusk.pool;

import java.util.ArrayDeque;

/**
 * Runs the completions of acquire futures one after the other instead of one inside the
 * other. Completing an acquire runs its caller's continuation on the spot; one that releases
 * the connection at once hands it to the next waiter, whose continuation would run deeper
 * in the same stack, and so on for every waiter. Here a handoff made during another one is
 * queued, and the outermost runs them in turn.
 */
final class Handoffs {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");
    private static final ThreadLocal<ArrayDeque<Runnable>> QUEUED = new ThreadLocal<>();

    private Handoffs() {
    }

    static void run(Runnable handoff) {
        ArrayDeque<Runnable> queue = QUEUED.get();
        if (queue != null) {
            queue.addLast(handoff);
            return;
        }
        queue = new ArrayDeque<>();
        QUEUED.set(queue);
        try {
            for (Runnable next = handoff; next != null; next = queue.pollFirst()) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    // Completing a future throws nothing of the caller's; this is a bug of ours,
                    // and the handoffs queued behind it must still run.
                    LOG.log(System.Logger.Level.ERROR, "pool handoff failed", e);
                }
            }
        } finally {
            QUEUED.remove();
        }
    }
}
