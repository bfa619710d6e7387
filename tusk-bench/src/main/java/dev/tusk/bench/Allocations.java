package dev.tusk.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by all live threads of this JVM, from HotSpot's per-thread counters
 * ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}). All threads, not just the
 * caller, because the asynchronous drivers decode on their event-loop threads. JDK 17 has no
 * process-wide total, and a thread that ends between two readings takes its count with it: the
 * drivers' threads live as long as their workloads, so a round loses nothing that matters.
 */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Allocations() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }

    /**
     * Reads the counters of every live thread.
     *
     * @return the sum in bytes, or -1 when this JVM cannot tell
     */
    static long total() {
        if (THREADS == null) {
            return -1;
        }
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }
}
