package dev.tusk.net;

import java.nio.channels.SelectionKey;

/** What a channel registered with an {@link EventLoop} does when it is ready. */
interface IoHandler {

    /** The channel is ready for some of its interest operations. */
    void ready(SelectionKey key);

    /** The loop stopped: the channel will not be served any more. */
    void loopClosed();
}
