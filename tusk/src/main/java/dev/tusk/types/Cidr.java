package dev.tusk.types;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A PostgreSQL {@code cidr}: a network, an address whose bits after the prefix are all zero
 * (psycopg's {@code ip_network}). {@code cidr} columns load as this record, and it dumps as
 * {@code cidr}.
 *
 * <pre>{@code
 * Cidr net = Cidr.parse("10.1.0.0/16");
 * net.prefix();        // 16
 * net.toString();      // "10.1.0.0/16"
 * Cidr.parse("10.1.2.3/16");   // DataException: bits set to the right of the mask
 * }</pre>
 *
 * Equality is that of the address bytes and the prefix.
 *
 * @param address the network address (its host name, if any, plays no part)
 * @param prefix  the prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(InetAddress address, int prefix) {

    /**
     * Creates the value.
     *
     * @param address the network address, not {@code null}
     * @param prefix  the prefix length
     * @throws IllegalArgumentException if the prefix is out of range for the address family,
     *                                  or the address has bits set after the prefix (as the
     *                                  server would refuse it); see {@link Inet#network()}
     */
    public Cidr {
        Objects.requireNonNull(address, "address");
        NetworkCodecs.checkPrefix(address, prefix);
        byte[] bytes = address.getAddress();
        if (!Arrays.equals(bytes, NetworkCodecs.masked(bytes, prefix))) {
            throw new IllegalArgumentException(InetText.format(bytes, prefix, true)
                    + " has bits set to the right of the mask");
        }
    }

    /**
     * Parses a network as {@code address/prefix}: {@code 192.168.0.0/16}, {@code 2001:db8::/32}.
     * The prefix is required (for IPv4 the server would guess one from the address class).
     *
     * @param text the text
     * @return the value
     * @throws dev.tusk.errors.DataException if the text is not a network in that form, or has
     *                                       bits set after the prefix
     */
    public static Cidr parse(CharSequence text) {
        return NetworkCodecs.parseInet(text, "cidr", NetworkCodecs.CIDR);
    }

    /**
     * The text form as PostgreSQL writes it, always with the prefix: {@code 10.1.0.0/16},
     * {@code ::1/128}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return InetText.format(address.getAddress(), prefix, true);
    }
}
