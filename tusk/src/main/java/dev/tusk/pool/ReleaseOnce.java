package dev.tusk.pool;

import java.util.concurrent.atomic.AtomicBoolean;

/** Gives a leased connection back the first time it runs, whichever thread calls it, and never again. */
final class ReleaseOnce implements Runnable {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable release;

    ReleaseOnce(Runnable release) {
        this.release = release;
    }

    @Override
    public void run() {
        if (done.compareAndSet(false, true)) {
            release.run();
        }
    }
}
