package dev.tusk.protocol;

import dev.tusk.errors.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked big-endian reads over one message body. Reading past the body's end is a
 * {@link ProtocolException} (a truncated or lying message), never an index error or a read
 * into the next message.
 */
final class MessageReader {
    private final byte[] buf;
    private final int end;
    private final char type;
    private int pos;

    MessageReader(char type, byte[] buf, int offset, int length) {
        this.type = type;
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw truncated();
        }
    }

    ProtocolException truncated() {
        return new ProtocolException("truncated or malformed '" + type + "' message from the server");
    }

    int remaining() {
        return end - pos;
    }

    byte readByte() {
        need(1);
        return buf[pos++];
    }

    short readShort() {
        need(2);
        short v = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    int readInt() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    byte[] readBytes(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    byte[] readRest() {
        return readBytes(end - pos);
    }

    /** A NUL-terminated UTF-8 string. */
    String readCString() {
        int start = pos;
        while (pos < end && buf[pos] != 0) {
            pos++;
        }
        if (pos >= end) {
            throw truncated();
        }
        String s = new String(buf, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    /** Fails unless the whole body was consumed: trailing bytes mean we misread it. */
    void expectEnd() {
        if (pos != end) {
            throw new ProtocolException("'" + type + "' message from the server has "
                    + (end - pos) + " unexpected trailing bytes");
        }
    }
}
