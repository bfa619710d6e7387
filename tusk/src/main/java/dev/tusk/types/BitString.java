package dev.tusk.types;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A PostgreSQL bit string: what {@code bit(n)} and {@code bit varying} ({@code varbit})
 * columns load as, and a parameter that dumps as {@code varbit} (which the server casts to
 * {@code bit(n)} on assignment).
 *
 * <p>Bit 0 is the leftmost bit of the text form and the most significant bit of the first
 * byte, as PostgreSQL stores it: {@code 0101} is {@code {0x50}} with length 4. In a
 * {@link BitSet}, index {@code i} holds bit {@code i} in that order.
 *
 * <pre>{@code
 * BitString b = BitString.parse("0101");
 * b.length();                     // 4
 * b.get(1);                       // true
 * b.toByteArray();                // {0x50}
 * cur.mogrify("%s", b);           // '0101'::varbit
 * BitString.of(bitSet, 12);       // the first 12 bits of a BitSet
 * }</pre>
 *
 * Immutable; equality compares the length and the bits.
 */
public final class BitString {
    /** The empty bit string. */
    public static final BitString EMPTY = new BitString(0, new byte[0]);

    private final int length;
    private final byte[] bytes;

    private BitString(int length, byte[] bytes) {
        this.length = length;
        this.bytes = bytes;
    }

    private static int byteCount(int length) {
        return (length + 7) >>> 3;
    }

    /**
     * A bit string of the first {@code length} bits of {@code bytes}, bit 0 being the most
     * significant bit of {@code bytes[0]}. Bits past the length are ignored.
     *
     * @param bytes  the bits, {@code ceil(length / 8)} bytes
     * @param length the number of bits
     * @return the bit string
     * @throws IllegalArgumentException if the length is negative or does not match the bytes
     */
    public static BitString of(byte[] bytes, int length) {
        if (length < 0 || bytes.length != byteCount(length)) {
            throw new IllegalArgumentException("a bit string of " + length + " bits needs "
                    + (length < 0 ? "a length of 0 or more" : byteCount(length) + " bytes, not " + bytes.length));
        }
        return ofOwned(bytes.clone(), length);
    }

    /** Takes the array, clearing the padding bits so that equal strings have equal arrays. */
    static BitString ofOwned(byte[] bytes, int length) {
        if (length % 8 != 0) {
            bytes[bytes.length - 1] &= (byte) (0xFF00 >> (length % 8));
        }
        return new BitString(length, bytes);
    }

    /**
     * A bit string of the first {@code length} bits of a {@link BitSet} (index {@code i} is
     * bit {@code i}, counted from the left). A {@code BitSet} has no length of its own (its
     * {@code length()} ends at the last set bit), so give it.
     *
     * @param bits   the bits
     * @param length the number of bits
     * @return the bit string
     * @throws IllegalArgumentException if the length is negative
     */
    public static BitString of(BitSet bits, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("a bit string cannot have a negative length: " + length);
        }
        byte[] b = new byte[byteCount(length)];
        for (int i = bits.nextSetBit(0); i >= 0 && i < length; i = bits.nextSetBit(i + 1)) {
            b[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return new BitString(length, b);
    }

    /**
     * Parses the text form: {@code 0} and {@code 1} characters, e.g. {@code 0101}; the empty
     * string is the empty bit string.
     *
     * @param text the text
     * @return the bit string
     * @throws dev.tusk.errors.DataException if the text has other characters
     */
    public static BitString parse(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        return BitStringCodec.parse(b, 0, b.length);
    }

    /**
     * The number of bits.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * One bit.
     *
     * @param index 0 for the leftmost bit
     * @return whether it is 1
     * @throws IndexOutOfBoundsException if the index is not below {@link #length()}
     */
    public boolean get(int index) {
        java.util.Objects.checkIndex(index, length);
        return (bytes[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    /**
     * The bits packed as PostgreSQL packs them: bit 0 is the most significant bit of byte 0;
     * the unused low bits of the last byte are zero.
     *
     * @return a new array of {@code ceil(length / 8)} bytes
     */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The packed bits without a copy, for the dumper. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * The bits as a {@link BitSet}, index {@code i} holding bit {@code i} from the left.
     *
     * @return a new bit set
     */
    public BitSet toBitSet() {
        BitSet set = new BitSet(length);
        for (int i = 0; i < length; i++) {
            if (get(i)) {
                set.set(i);
            }
        }
        return set;
    }

    /**
     * Whether the other object is a bit string of the same length and bits.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof BitString b && length == b.length && Arrays.equals(bytes, b.bytes);
    }

    /**
     * A hash of the length and the bits.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * length + Arrays.hashCode(bytes);
    }

    /**
     * The text form as PostgreSQL writes it: {@code 0101} (empty for the empty string).
     *
     * @return the text
     */
    @Override
    public String toString() {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = get(i) ? '1' : '0';
        }
        return new String(c);
    }
}
