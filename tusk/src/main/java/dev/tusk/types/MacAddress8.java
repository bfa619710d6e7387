package dev.tusk.types;

import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL {@code macaddr8}: an 8-byte (EUI-64) MAC address, held as the number its bytes
 * spell. {@code macaddr8} columns load as this record, and it dumps as {@code macaddr8}; see
 * {@link MacAddress} for {@code macaddr}.
 *
 * <pre>{@code
 * MacAddress8.parse("08:00:2b:01:02:03:04:05").value();      // 0x08002b0102030405L
 * MacAddress8.parse("08:00:2b:01:02:03").toString();         // "08:00:2b:ff:fe:01:02:03"
 * }</pre>
 *
 * @param value the 64 bits, first byte most significant
 */
public record MacAddress8(long value) {

    /**
     * The address of 8 bytes.
     *
     * @param bytes the bytes, first byte first
     * @return the address
     * @throws IllegalArgumentException if there are not exactly 8
     */
    public static MacAddress8 of(byte[] bytes) {
        return new MacAddress8(NetworkCodecs.macValue(bytes, 8));
    }

    /**
     * The EUI-64 form of a 6-byte address, {@code ff:fe} inserted in the middle, as the server
     * converts {@code macaddr} to {@code macaddr8}.
     *
     * @param mac the 6-byte address
     * @return the 8-byte address
     */
    public static MacAddress8 of(MacAddress mac) {
        return of(NetworkCodecs.toEui64(mac.bytes()));
    }

    /**
     * Parses 8 (or, as the server does, 6: see {@link #of(MacAddress)}) hex byte pairs,
     * separated by {@code :}, {@code -} or {@code .}, or not at all.
     *
     * @param text the text
     * @return the address
     * @throws dev.tusk.errors.DataException if the text is not 6 or 8 bytes in those forms
     */
    public static MacAddress8 parse(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        return NetworkCodecs.parseMacaddr8(b, 0, b.length);
    }

    /**
     * The bytes.
     *
     * @return a new array of the 8 bytes
     */
    public byte[] bytes() {
        return NetworkCodecs.macBytes(value, 8);
    }

    /**
     * The text form as PostgreSQL writes it: {@code 08:00:2b:01:02:03:04:05}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return NetworkCodecs.formatMac(bytes());
    }
}
