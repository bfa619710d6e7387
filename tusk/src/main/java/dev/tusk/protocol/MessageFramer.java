package dev.tusk.protocol;

import dev.tusk.errors.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Accumulates bytes read from the server and cuts them into messages. Drivers read straight
 * into {@link #readBuffer()}; the framer reuses one growing array, so steady-state reading
 * allocates nothing but the messages themselves.
 */
final class MessageFramer {
    /** The server never sends a message over 1 GiB (its own allocation limit); more is garbage. */
    static final int MAX_MESSAGE = (1 << 30) + 1024;
    private static final int MIN_FREE = 8192;

    private byte[] buf = new byte[16384];
    private int start;
    private int end;
    private ByteBuffer view = ByteBuffer.wrap(buf);

    /** Space to read into: position and limit set to the free region. */
    ByteBuffer readBuffer() {
        if (buf.length - end < MIN_FREE) {
            // Grow by what is buffered already, so a large message is read in few calls.
            makeRoom(Math.max(MIN_FREE, end - start));
        }
        view.limit(buf.length).position(end);
        return view;
    }

    /** Takes note of what a driver read into {@link #readBuffer()}. */
    void commitRead() {
        end = view.position();
    }

    /** Appends bytes (for drivers and tests that have them in hand). */
    void append(byte[] b, int off, int len) {
        if (buf.length - end < len) {
            makeRoom(len);
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    private void makeRoom(int needed) {
        int live = end - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, live);
            start = 0;
            end = live;
        }
        if (buf.length - end < needed) {
            byte[] bigger = new byte[Math.max(buf.length * 2, live + needed)];
            System.arraycopy(buf, 0, bigger, 0, live);
            buf = bigger;
            view = ByteBuffer.wrap(buf);
        }
    }

    /**
     * Decodes the next complete message, or returns {@code null} if more bytes are needed.
     *
     * @throws ProtocolException if the bytes cannot be a message
     */
    BackendMessage next() {
        int avail = end - start;
        if (avail < 5) {
            return null;
        }
        byte type = buf[start];
        if (!BackendDecoder.isKnownType(type)) {
            // Fail on the type byte at once: waiting for a garbage length's worth of bytes would hang.
            throw BackendDecoder.unknownType(type);
        }
        int length = DataRows.readInt(buf, start + 1);
        if (length < 4 || length > MAX_MESSAGE) {
            throw new ProtocolException(String.format("invalid message length %d for message type 0x%02x from the server:"
                    + " the stream is corrupted or this is not a PostgreSQL server", length, type & 0xff));
        }
        if (avail < length + 1) {
            // Room grows as bytes arrive (readBuffer doubles it), never on a claimed length
            // alone: a garbage length must not cost a gigabyte before it is found out.
            return null;
        }
        BackendMessage m = BackendDecoder.decode(type, buf, start + 5, length - 4);
        start += length + 1;
        if (start == end) {
            start = end = 0;
        }
        return m;
    }

    /** Bytes received but not yet decoded (a partial message at end of stream means truncation). */
    int pending() {
        return end - start;
    }
}
