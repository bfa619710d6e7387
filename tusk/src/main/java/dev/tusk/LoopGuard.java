package dev.tusk;

import dev.tusk.errors.InterfaceException;
import dev.tusk.net.EventLoopGroup;

/** Refuses blocking calls on event-loop threads, where they would deadlock. */
final class LoopGuard {
    private LoopGuard() {
    }

    static void refuseBlocking(String what) {
        if (EventLoopGroup.inEventLoop()) {
            throw new InterfaceException(what + " on a Tusk event loop thread (" + Thread.currentThread().getName()
                    + ") would block the loop that has to complete it: chain the work with thenCompose/thenApply,"
                    + " or move it to another executor with the *Async variants");
        }
    }
}
