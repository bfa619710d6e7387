package dev.tusk.types;

import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL {@code macaddr}: a 6-byte (EUI-48) MAC address, held as the number its bytes
 * spell. {@code macaddr} columns load as this record, and it dumps as {@code macaddr}; see
 * {@link MacAddress8} for {@code macaddr8}.
 *
 * <pre>{@code
 * MacAddress mac = MacAddress.parse("08:00:2b:01:02:03");
 * mac.value();                  // 0x08002b010203L
 * mac.bytes();                  // {0x08, 0x00, 0x2b, 0x01, 0x02, 0x03}
 * MacAddress.of(mac.bytes());   // equal to mac
 * cur.mogrify("%s", mac);       // '08:00:2b:01:02:03'::macaddr
 * }</pre>
 *
 * @param value the 48 bits, first byte most significant
 */
public record MacAddress(long value) {

    /**
     * Creates the value.
     *
     * @param value the 48 bits, first byte most significant
     * @throws IllegalArgumentException if the number does not fit in 48 bits
     */
    public MacAddress {
        NetworkCodecs.checkMac(value, 6);
    }

    /**
     * The address of 6 bytes.
     *
     * @param bytes the bytes, first byte first
     * @return the address
     * @throws IllegalArgumentException if there are not exactly 6
     */
    public static MacAddress of(byte[] bytes) {
        return new MacAddress(NetworkCodecs.macValue(bytes, 6));
    }

    /**
     * Parses hex byte pairs, separated by {@code :}, {@code -} or {@code .}, or not at all:
     * {@code 08:00:2b:01:02:03}, {@code 08-00-2B-01-02-03}, {@code 0800.2b01.0203},
     * {@code 08002b010203}.
     *
     * @param text the text
     * @return the address
     * @throws dev.tusk.errors.DataException if the text is not 6 bytes in those forms
     */
    public static MacAddress parse(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        return of(NetworkCodecs.parseMac(b, 0, b.length, "macaddr", false));
    }

    /**
     * The bytes.
     *
     * @return a new array of the 6 bytes
     */
    public byte[] bytes() {
        return NetworkCodecs.macBytes(value, 6);
    }

    /**
     * The text form as PostgreSQL writes it: {@code 08:00:2b:01:02:03}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return NetworkCodecs.formatMac(bytes());
    }
}
