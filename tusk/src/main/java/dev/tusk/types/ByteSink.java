package dev.tusk.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer. The protocol encoder writes messages into one, and
 * {@link Dumper}s write parameter values straight into it, so that binding a parameter
 * allocates nothing of its own. Not thread-safe.
 */
public final class ByteSink {
    private byte[] buf;
    private int size;

    /** Creates an empty sink with a small initial capacity. */
    public ByteSink() {
        this(256);
    }

    /**
     * Creates an empty sink.
     *
     * @param capacity initial capacity in bytes
     */
    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        int need = size + extra;
        if (need < 0) {
            throw new IllegalStateException("buffer larger than 2 GiB");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    /**
     * Appends one byte.
     *
     * @param b the byte (low 8 bits)
     * @return this sink
     */
    public ByteSink writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    /**
     * Appends a big-endian 16-bit integer.
     *
     * @param v the value (low 16 bits)
     * @return this sink
     */
    public ByteSink writeShort(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    /**
     * Appends a big-endian 32-bit integer.
     *
     * @param v the value
     * @return this sink
     */
    public ByteSink writeInt(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
        return this;
    }

    /**
     * Appends a big-endian 64-bit integer.
     *
     * @param v the value
     * @return this sink
     */
    public ByteSink writeLong(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    /**
     * Appends bytes.
     *
     * @param b the bytes
     * @return this sink
     */
    public ByteSink write(byte[] b) {
        return write(b, 0, b.length);
    }

    /**
     * Appends a slice of bytes.
     *
     * @param b   source array
     * @param off first byte
     * @param len number of bytes
     * @return this sink
     */
    public ByteSink write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /**
     * Appends a string as UTF-8, without a terminator.
     *
     * @param s the string
     * @return this sink
     */
    public ByteSink writeUtf8(String s) {
        int n = s.length();
        ensure(n);
        // Fast path for ASCII, by far the common case for SQL and identifiers.
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buf[size++] = (byte) c;
        }
        if (i < n) {
            byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
            write(rest);
        }
        return this;
    }

    /**
     * Appends a string as UTF-8 followed by a NUL byte (the protocol's String type).
     *
     * @param s the string; must not contain NUL
     * @return this sink
     */
    public ByteSink writeCString(String s) {
        writeUtf8(s);
        return writeByte(0);
    }

    /**
     * Reserves four bytes for a length or count to be filled later with {@link #putInt}.
     *
     * @return the position of the reserved bytes
     */
    public int reserveInt() {
        ensure(4);
        int at = size;
        size += 4;
        return at;
    }

    /**
     * Overwrites four bytes at a position written earlier.
     *
     * @param at position
     * @param v  value
     */
    public void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /**
     * Number of bytes written.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * The backing array; valid bytes are {@code [0, size())}. Changes with growth.
     *
     * @return the array
     */
    public byte[] array() {
        return buf;
    }

    /**
     * A copy of the written bytes.
     *
     * @return a new array of {@link #size()} bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /**
     * A buffer view over the written bytes (shares the array; position 0, limit size).
     *
     * @return the view
     */
    public ByteBuffer asByteBuffer() {
        return asByteBuffer(0);
    }

    /**
     * A buffer view over the written bytes from {@code from} on (shares the array; position
     * {@code from}, limit size).
     *
     * @param from the first byte of the view
     * @return the view
     */
    public ByteBuffer asByteBuffer(int from) {
        return ByteBuffer.wrap(buf, from, size - from);
    }

    /**
     * Drops the first {@code n} bytes, keeping the rest (after a partial socket write).
     *
     * @param n bytes consumed
     */
    public void discard(int n) {
        if (n >= size) {
            size = 0;
        } else {
            System.arraycopy(buf, n, buf, 0, size - n);
            size -= n;
        }
    }

    /**
     * Truncates to a previous size, forgetting what came after (to undo a partial encode).
     *
     * @param newSize the size to go back to
     */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException(newSize);
        }
        size = newSize;
    }

    /** Empties the sink, keeping its capacity. */
    public void clear() {
        size = 0;
    }
}
