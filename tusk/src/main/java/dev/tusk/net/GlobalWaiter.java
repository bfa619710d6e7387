package dev.tusk.net;

/** Holds {@link Waiter#global()}: an interface cannot have a mutable field. */
final class GlobalWaiter {
    private static volatile Waiter global;

    private GlobalWaiter() {
    }

    static void set(Waiter waiter) {
        global = waiter;
    }

    static Waiter get() {
        return global;
    }
}
