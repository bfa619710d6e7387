package dev.tusk.net;

import dev.tusk.conninfo.Endpoint;
import dev.tusk.errors.OperationalException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One connected socket, TCP or Unix-domain, with reads and writes that respect a deadline.
 * Without a deadline the channel is used in blocking mode, which parks a virtual thread
 * instead of pinning it; with one, the channel switches to non-blocking mode and waits on a
 * private selector, so that no wait is ever unbounded when a bound was asked for. With a
 * {@link Waiter} the channel is non-blocking for good and every wait goes to the waiter.
 */
public final class SocketIo implements AutoCloseable {
    /** No deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** The most {@link #transfer} offers the socket at once. */
    private static final int TRANSFER_CHUNK = 256 * 1024;
    /**
     * The longest wait handed to a {@link Waiter} by {@link #readUnlessWoken}: a waiter cannot
     * be woken from outside, so a wakeup is noticed between slices.
     */
    static final Duration WAITER_SLICE = Duration.ofMillis(20);
    /** The most {@link #wholeWriteLimit()} allows, whatever the send buffer. */
    private static final int WHOLE_WRITE_MAX = 8 * 1024;

    private final SocketChannel channel;
    private final String peer;
    /** Where waits go instead of the private selector, or {@code null}. */
    private final Waiter waiter;
    // Volatile for wakeup(), which any thread may call.
    private volatile Selector selector;
    private volatile boolean wakeRequested;

    private SocketIo(SocketChannel channel, String peer, Waiter waiter) {
        this.channel = channel;
        this.peer = peer;
        this.waiter = waiter;
    }

    /**
     * Connects to one address of an endpoint.
     *
     * @param endpoint  the endpoint (for Unix sockets, its socket path is used)
     * @param address   the resolved TCP address, or {@code null} for a Unix socket
     * @param deadline  {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     * @return the connected socket
     * @throws IOException when the connection cannot be made in time
     */
    public static SocketIo connect(Endpoint endpoint, InetSocketAddress address, long deadline) throws IOException {
        return connect(endpoint, address, deadline, TcpOptions.DEFAULTS, null);
    }

    static SocketIo connect(Endpoint endpoint, InetSocketAddress address, long deadline, TcpOptions tcp,
                            Waiter waiter) throws IOException {
        SocketChannel ch = open(address, tcp);
        SocketIo io = new SocketIo(ch, peer(endpoint, address), waiter);
        try {
            if (io.blocks(deadline)) {
                ch.connect(target(endpoint, address));
            } else {
                ch.configureBlocking(false);
                if (!ch.connect(target(endpoint, address))) {
                    // A waiter may return before the connection is made.
                    do {
                        io.await(SelectionKey.OP_CONNECT, deadline, "connecting");
                    } while (!ch.finishConnect());
                }
            }
            return io;
        } catch (IOException | RuntimeException e) {
            io.close();
            throw e;
        }
    }

    /** A new unconnected channel for a TCP address, or a Unix socket when {@code address} is null. */
    static SocketChannel open(InetSocketAddress address, TcpOptions tcp) throws IOException {
        if (address == null) {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }
        SocketChannel ch = SocketChannel.open();
        try {
            tcp.apply(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    static SocketAddress target(Endpoint endpoint, InetSocketAddress address) {
        return address != null ? address : UnixDomainSocketAddress.of(Path.of(endpoint.socketPath()));
    }

    static String peer(Endpoint endpoint, InetSocketAddress address) {
        return address == null
                ? "socket \"" + endpoint.socketPath() + "\""
                : address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * Reads what is available into {@code dst}, waiting for at least one byte.
     *
     * @param dst      destination
     * @param deadline {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     * @return bytes read, or -1 at end of stream
     * @throws IOException on I/O failure or when the deadline passes
     */
    public int read(ByteBuffer dst, long deadline) throws IOException {
        if (blocks(deadline)) {
            blocking(true);
            return channel.read(dst);
        }
        blocking(false);
        while (true) {
            int n = channel.read(dst);
            if (n != 0) {
                return n;
            }
            await(SelectionKey.OP_READ, deadline, "reading");
        }
    }

    /**
     * Reads what is available into {@code dst}, waiting for at least one byte, until the
     * deadline passes or another thread calls {@link #wakeup()}: the wait of a connection that
     * is idle but listening. Unlike {@link #read}, it always waits on a selector (or, with a
     * waiter, in slices of {@link #WAITER_SLICE}), because a blocking read cannot be woken
     * without closing the channel. An interrupt of the calling thread also ends the wait, and
     * its status stays set.
     *
     * @param dst      destination
     * @param deadline {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     * @return bytes read, 0 if woken, interrupted or out of time, or -1 at end of stream
     * @throws IOException on I/O failure
     */
    public int readUnlessWoken(ByteBuffer dst, long deadline) throws IOException {
        blocking(false);
        while (true) {
            int n = channel.read(dst);
            if (n != 0) {
                return n;
            }
            long left = deadline == NO_DEADLINE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return 0;
            }
            if (waiter != null) {
                if (takeWakeup()) {
                    return 0;
                }
                callWaiter(SelectionKey.OP_READ, Duration.ofNanos(Math.min(left, WAITER_SLICE.toNanos())));
                continue;
            }
            Selector s = selectorFor(SelectionKey.OP_READ);
            // Checked after the selector is published: a wakeup() that found none set the flag.
            if (takeWakeup()) {
                return 0;
            }
            if (left == Long.MAX_VALUE) {
                s.select();
            } else {
                s.select(Math.max(1, left / 1_000_000));
            }
            s.selectedKeys().clear();
        }
    }

    /**
     * Ends a {@link #readUnlessWoken} wait in progress, or the next one if none is; any thread.
     */
    public void wakeup() {
        wakeRequested = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    private boolean takeWakeup() {
        if (!wakeRequested) {
            return false;
        }
        wakeRequested = false;
        return true;
    }

    /**
     * Writes all of {@code src}.
     *
     * @param src      the bytes
     * @param deadline {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     * @return bytes written
     * @throws IOException on I/O failure or when the deadline passes
     */
    public int write(ByteBuffer src, long deadline) throws IOException {
        int total = 0;
        if (blocks(deadline)) {
            blocking(true);
            while (src.hasRemaining()) {
                total += channel.write(src);
            }
            return total;
        }
        blocking(false);
        while (src.hasRemaining()) {
            int n = channel.write(src);
            total += n;
            if (n == 0) {
                await(SelectionKey.OP_WRITE, deadline, "writing");
            }
        }
        return total;
    }

    /**
     * Writes what the socket accepts of {@code src} and reads what has arrived into
     * {@code dst}, neither blocking. If nothing moved either way and {@code wait} is set,
     * waits until the socket is readable or writable (or the deadline passes) and tries
     * again. A driver with much to send keeps reading this way: it never sits in a write
     * while the server, its replies unread, has stopped reading too.
     *
     * @param src      the bytes to send; its position advances past what was written
     * @param dst      where to read
     * @param deadline {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     * @param wait     whether to wait until at least one byte moved
     * @return bytes read (0 if none), or -1 at end of stream
     * @throws IOException on I/O failure or when the deadline passes
     */
    public int transfer(ByteBuffer src, ByteBuffer dst, long deadline, boolean wait) throws IOException {
        blocking(false);
        while (true) {
            int written = src.hasRemaining() ? writeChunk(src) : 0;
            int read = channel.read(dst);
            if (read != 0 || written > 0 || !wait) {
                return read;
            }
            await(SelectionKey.OP_READ | (src.hasRemaining() ? SelectionKey.OP_WRITE : 0), deadline, "transferring");
        }
    }

    /**
     * Offers the socket at most {@link #TRANSFER_CHUNK} bytes: each write of a heap buffer
     * first copies all it is given to a direct buffer, so offering a large output whole to
     * a socket that takes it in pieces would cost time quadratic in its size.
     */
    private int writeChunk(ByteBuffer src) throws IOException {
        return writeChunk(channel, src);
    }

    static int writeChunk(SocketChannel channel, ByteBuffer src) throws IOException {
        int limit = src.limit();
        src.limit(Math.min(limit, src.position() + TRANSFER_CHUNK));
        try {
            return channel.write(src);
        } finally {
            src.limit(limit);
        }
    }

    /** Whether I/O bounded by {@code deadline} runs in blocking mode. */
    private boolean blocks(long deadline) {
        return deadline == NO_DEADLINE && waiter == null;
    }

    private void blocking(boolean on) throws IOException {
        if (channel.isBlocking() != on) {
            if (on && selector != null) {
                // A channel registered with a selector cannot go back to blocking mode;
                // closing the selector deregisters it at once.
                selector.close();
                selector = null;
            }
            channel.configureBlocking(on);
        }
    }

    private void await(int op, long deadline, String what) throws IOException {
        if (waiter != null) {
            awaitWaiter(op, deadline, what);
            return;
        }
        Selector selector = selectorFor(op);
        if (deadline == NO_DEADLINE) {
            // No bound: also never compute one, which could overflow.
            while (selector.select() == 0) {
                // woken without a ready key: wait again
            }
            selector.selectedKeys().clear();
            return;
        }
        long remaining = deadline - System.nanoTime();
        while (remaining > 0) {
            long ms = Math.max(1, remaining / 1_000_000);
            if (selector.select(ms) > 0) {
                selector.selectedKeys().clear();
                return;
            }
            remaining = deadline - System.nanoTime();
        }
        throw expired(what);
    }

    /** The private selector, with the channel registered for {@code op} only. */
    private Selector selectorFor(int op) throws IOException {
        Selector s = selector;
        if (s == null) {
            s = Selector.open();
            channel.register(s, op);
            selector = s;
        } else {
            channel.keyFor(s).interestOps(op);
        }
        return s;
    }

    private void awaitWaiter(int op, long deadline, String what) throws IOException {
        Duration remaining = null;
        if (deadline != NO_DEADLINE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw expired(what);
            }
            remaining = Duration.ofNanos(left);
        }
        callWaiter(op, remaining);
        if (deadline != NO_DEADLINE && deadline - System.nanoTime() <= 0) {
            throw expired(what);
        }
    }

    private void callWaiter(int op, Duration timeout) throws IOException {
        try {
            waiter.await(channel, op, timeout);
        } catch (RuntimeException e) {
            // Whatever the waiter's failure, the exchange stopped halfway: the connection is lost.
            throw new IOException("the waiter failed: " + e, e);
        }
    }

    private TimeoutIOException expired(String what) {
        return new TimeoutIOException("timeout expired while " + what + " (" + peer + ")");
    }

    /**
     * A description of the peer for messages ({@code 127.0.0.1:5432} or the socket path).
     *
     * @return the peer
     */
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        try {
            Selector s = selector;
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        if (waiter != null) {
            SelectWaiter.release(channel);
        }
    }

    /**
     * The largest output that can be written whole without reading meanwhile: half the
     * kernel's send buffer (which takes it even from a peer that is not reading), at most
     * 8 KiB.
     *
     * @return bytes; 0 when the buffer size is unknown
     */
    int wholeWriteLimit() {
        try {
            return Math.min(WHOLE_WRITE_MAX, channel.getOption(StandardSocketOptions.SO_SNDBUF) / 2);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** A deadline passed during socket I/O. */
    public static final class TimeoutIOException extends IOException {
        TimeoutIOException(String message) {
            super(message);
        }
    }

    static OperationalException lost(String peer, IOException e) {
        return new OperationalException("connection to " + peer + " lost: " + e.getMessage(), e);
    }
}
